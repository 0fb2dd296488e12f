/**
 * Function URLs with AuthType AWS_IAM on a server that verifies signatures (--credentials): SigV4 for
 * service `lambda` from curl's --aws-sigv4 and the SDK's signer, the owner let in by its identity,
 * another account only once the resource policy names it, and the caller in authorizer.iam.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AddPermissionCommand, CreateFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { rawRequest } from '../../support/raw-request.js';
import { deploy } from '../invoke/helpers.js';

const run = promisify(execFile);
const FORBIDDEN = { Message: 'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html' };

const dir = mkdtempSync(join(tmpdir(), 'lambkin-url-iam-'));
const credentials = join(dir, 'credentials.json');
writeFileSync(credentials, JSON.stringify({
  AKIDURLOWNER: { secretAccessKey: 'owner-secret', accountId: '111111111111' },
  AKIDURLOTHER: { secretAccessKey: 'other-secret', accountId: '222222222222' },
}));
const server = await startLambkin({ args: ['--credentials', credentials] });
const owner = server.client('AKIDURLOWNER', 'owner-secret');

async function curl(args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await run('curl', ['-sS', '-w', '\n%{http_code}', '--max-time', '60', ...args]);
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
}

describe('function URL gateway (AuthType AWS_IAM)', () => {
  let urlId = '';
  let functionUrl = '';
  let host = '';

  before(async () => {
    await deploy(owner, 'private', { 'index.js': 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });\n' });
    const created = await owner.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'private', AuthType: 'AWS_IAM' }));
    functionUrl = created.FunctionUrl!;
    urlId = /^http:\/\/([a-z0-9]{32})\./.exec(functionUrl)![1]!;
    host = `${urlId}.lambda-url.us-east-1.localhost`;
  });

  it('refuses an unsigned call and a signature that does not verify', async () => {
    const unsigned = await curl([`${functionUrl}`]);
    assert.equal(unsigned.status, 403);
    assert.deepEqual(JSON.parse(unsigned.body), FORBIDDEN);
    const wrong = await curl(['--aws-sigv4', 'aws:amz:us-east-1:lambda', '--user', 'AKIDURLOWNER:not-the-secret', functionUrl]);
    assert.equal(wrong.status, 403);
    assert.deepEqual(JSON.parse(wrong.body), FORBIDDEN);
    const unknownKey = await curl(['--aws-sigv4', 'aws:amz:us-east-1:lambda', '--user', 'AKIDNOBODY:x', functionUrl]);
    assert.equal(unknownKey.status, 403);
  });

  it('lets the owner in with curl --aws-sigv4 and names it in authorizer.iam', async () => {
    const r = await curl(['--aws-sigv4', 'aws:amz:us-east-1:lambda', '--user', 'AKIDURLOWNER:owner-secret', `${functionUrl}who?x=1`]);
    assert.equal(r.status, 200, r.body);
    const event = JSON.parse(r.body);
    assert.equal(event.rawPath, '/who');
    assert.equal(event.requestContext.accountId, '111111111111');
    assert.deepEqual(event.requestContext.authorizer, {
      iam: {
        accessKey: 'AKIDURLOWNER', accountId: '111111111111', callerId: '111111111111', cognitoIdentity: null,
        principalOrgId: null, userArn: 'arn:aws:iam::111111111111:root', userId: '111111111111',
      },
    });
  });

  it('lets another account in only once the policy allows both actions for it (SDK signer)', async () => {
    const call = () => rawRequest(server.url, {
      method: 'POST', path: '/hello', body: '{"a":1}', headers: { host, 'content-type': 'application/json' },
      accessKeyId: 'AKIDURLOTHER', secretAccessKey: 'other-secret',
    });
    const before = await call();
    assert.equal(before.status, 403);
    assert.deepEqual(before.json(), FORBIDDEN);
    await owner.send(new AddPermissionCommand({
      FunctionName: 'private', StatementId: 'other-url', Action: 'lambda:InvokeFunctionUrl', Principal: '222222222222', FunctionUrlAuthType: 'AWS_IAM',
    }));
    assert.equal((await call()).status, 403, 'InvokeFunctionUrl alone is not enough');
    await owner.send(new AddPermissionCommand({
      FunctionName: 'private', StatementId: 'other-invoke', Action: 'lambda:InvokeFunction', Principal: '222222222222', InvokedViaFunctionUrl: true,
    }));
    const after = await call();
    assert.equal(after.status, 200, after.body.toString());
    const event = after.json() as { body: string; requestContext: { accountId: string; authorizer: { iam: { accessKey: string } } } };
    assert.equal(event.requestContext.accountId, '222222222222');
    assert.equal(event.requestContext.authorizer.iam.accessKey, 'AKIDURLOTHER');
    assert.equal(event.body, '{"a":1}');
  });

  it('takes a signed call on the path form too', async () => {
    const r = await rawRequest(server.url, { path: `/_lambkin/url/${urlId}/p`, accessKeyId: 'AKIDURLOWNER', secretAccessKey: 'owner-secret' });
    assert.equal(r.status, 200, r.body.toString());
    assert.equal((r.json() as { rawPath: string }).rawPath, '/p');
  });
});
