/**
 * Requests signed by the real clients (AWS SDK for JavaScript v3, botocore, AWS CLI v1 and v2) verify.
 * A loopback server records each request exactly as it arrived; the recorded raw path, query, headers and
 * body go through a verifying authenticator.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { createAuthenticator, type AuthRequest } from '../../../src/api/auth/index.js';
import { parseAmzDate } from '../../../src/api/auth/amz-date.js';

const run = promisify(execFile);
const ACCESS_KEY_ID = 'AKIACLIENTTEST';
const SECRET = 'client-test-secret/with+symbols';
const ARN = 'arn:aws:lambda:us-east-1:111111111111:function:f';
const ENCODED_ARN_PATH = '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A111111111111%3Afunction%3Af/invocations';

const dir = mkdtempSync(join(tmpdir(), 'lambkin-clients-'));
const credentialsFile = join(dir, 'credentials.json');
writeFileSync(credentialsFile, JSON.stringify({ [ACCESS_KEY_ID]: { secretAccessKey: SECRET, accountId: '111111111111' } }));

let server: Server;
let endpoint: string;
const recorded: AuthRequest[] = [];

function record(req: IncomingMessage, body: Buffer): AuthRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return {
    method: req.method ?? 'GET',
    rawPath: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? '' : url.slice(q + 1),
    headers: req.headers,
    body,
  };
}

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      recorded.push(record(req, Buffer.concat(chunks)));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Verifies a recorded request with the server clock set to when the client signed it. */
async function verify(req: AuthRequest) {
  const signedAt = parseAmzDate(String(req.headers['x-amz-date']));
  assert.ok(signedAt, 'the client sent x-amz-date');
  const auth = createAuthenticator({ defaultAccountId: '000000000000', credentialsFile, now: () => signedAt });
  return auth.authenticate(req);
}

async function sendAndVerify(send: () => Promise<unknown>): Promise<AuthRequest> {
  const before = recorded.length;
  await send();
  assert.equal(recorded.length, before + 1, 'exactly one request reached the server');
  const req = recorded[before]!;
  assert.deepEqual(await verify(req), { accountId: '111111111111', accessKeyId: ACCESS_KEY_ID, region: 'us-east-1' });
  return req;
}

function succeeds(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;
}

/** The `python3` on PATH, else any pyenv interpreter, that can import botocore. */
function findPython(): string | undefined {
  const pyenv = join(homedir(), '.pyenv', 'versions');
  const installed = existsSync(pyenv) ? readdirSync(pyenv).map((v) => join(pyenv, v, 'bin', 'python3')) : [];
  return ['python3', ...installed].find((python) => succeeds(python, ['-c', 'import botocore']));
}

/** The caller's environment without any AWS_* settings that could change how the CLIs sign. */
const cliEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_'))),
  AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: SECRET,
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: join(dir, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
  AWS_MAX_ATTEMPTS: '1',
};

describe('requests signed by real AWS clients verify', () => {
  it('@aws-sdk/client-lambda Invoke on an ARN with Qualifier $LATEST', async () => {
    const client = new LambdaClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET },
      maxAttempts: 1,
    });
    const req = await sendAndVerify(() =>
      client.send(new InvokeCommand({ FunctionName: ARN, Qualifier: '$LATEST', Payload: Buffer.from('{"hello":"world"}') })),
    );
    assert.equal(req.rawPath, ENCODED_ARN_PATH);
    assert.equal(req.rawQuery, 'Qualifier=%24LATEST');
    assert.equal(req.body.toString(), '{"hello":"world"}');

    const config = await sendAndVerify(() => client.send(new GetFunctionConfigurationCommand({ FunctionName: 'f:$LATEST' })));
    assert.equal(config.rawPath, '/2015-03-31/functions/f%3A%24LATEST/configuration');
    client.destroy();
  });

  it('@aws-sdk/client-lambda with a session token', async () => {
    // The file key has no session token, so the signature verifies and the token is then refused.
    const client = new LambdaClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, sessionToken: 'token' },
      maxAttempts: 1,
    });
    const before = recorded.length;
    await client.send(new InvokeCommand({ FunctionName: 'f' }));
    client.destroy();
    await assert.rejects(verify(recorded[before]!), { code: 'UnrecognizedClientException' });
  });

  const python = findPython();
  it('botocore SigV4Auth on an AWSRequest', { skip: python ? false : 'no python3 with botocore' }, async () => {
    const script = [
      'import json, sys',
      'from botocore.auth import SigV4Auth',
      'from botocore.awsrequest import AWSRequest',
      'from botocore.credentials import Credentials',
      "req = AWSRequest(method='POST', url=sys.argv[1], data=sys.argv[2].encode(), headers={'Content-Type': 'application/json'})",
      `SigV4Auth(Credentials('${ACCESS_KEY_ID}', '${SECRET}'), 'lambda', 'us-east-1').add_auth(req)`,
      'p = req.prepare()',
      "print(json.dumps({'method': p.method, 'url': p.url, 'headers': dict(p.headers)}))",
    ].join('\n');
    const url = `http://127.0.0.1:9001${ENCODED_ARN_PATH}?Qualifier=%24LATEST`;
    const body = '{"from":"python"}';
    const { stdout } = await run(python!, ['-c', script, url, body]);
    const signed = JSON.parse(stdout) as { method: string; url: string; headers: Record<string, string> };
    const parsed = new URL(signed.url);
    const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const req: AuthRequest = {
      method: signed.method,
      rawPath: parsed.pathname,
      rawQuery: parsed.search.slice(1),
      headers: { host: '127.0.0.1:9001', ...headers },
      body: Buffer.from(body),
    };
    assert.equal(req.rawPath, ENCODED_ARN_PATH);
    assert.deepEqual(await verify(req), { accountId: '111111111111', accessKeyId: ACCESS_KEY_ID, region: 'us-east-1' });
    await assert.rejects(verify({ ...req, body: Buffer.from('{"from":"someone else"}') }), { code: 'InvalidSignatureException' });
  });

  for (const [name, cli] of [
    ['AWS CLI v1', 'aws'],
    ['AWS CLI v2', '/usr/bin/aws'],
  ] as const) {
    const available = succeeds(cli, ['--version']);
    it(`${name} lambda invoke --qualifier '$LATEST' on an ARN`, { skip: available ? false : `${cli} not installed` }, async () => {
      const { stdout: version } = await run(cli, ['--version'], { env: cliEnv });
      assert.match(version, name.endsWith('v1') ? /^aws-cli\/1\./ : /^aws-cli\/2\./);
      const req = await sendAndVerify(() =>
        run(cli, ['lambda', 'invoke', '--endpoint-url', endpoint, '--function-name', ARN, '--qualifier', '$LATEST', join(dir, 'out.json')], {
          env: cliEnv,
        }),
      );
      assert.equal(req.rawPath, ENCODED_ARN_PATH);
      assert.equal(req.rawQuery, 'Qualifier=%24LATEST');
    });
  }
});
