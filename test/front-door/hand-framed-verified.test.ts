// With --credentials every call must be signed: an Invoke read by hand is verified exactly as one
// node:http carries, and a bad signature never reaches the function.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { startLambkin } from '../support/server.js';
import { makeZip } from '../support/zip.js';
import { RawConnection } from '../support/raw-connection.js';
import { SIGNATURE_MISMATCH_MESSAGE } from '../../src/api/auth/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'lambkin-hand-framed-verified-'));
const credentialsFile = join(dir, 'credentials.json');
writeFileSync(credentialsFile, JSON.stringify({ AKIAOWNER: { secretAccessKey: 'owner-secret', accountId: '111111111111' } }));
const server = await startLambkin({ args: ['--credentials', credentialsFile] });
const client = server.client('AKIAOWNER', 'owner-secret');
// Counts its invocations in the environment's memory: a refused request must not be one of them.
await client.send(new CreateFunctionCommand({
  FunctionName: 'counted', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::111111111111:role/r',
  Code: { ZipFile: await makeZip({ 'index.js': 'let n = 0;\nexports.handler = async () => ({ invocations: ++n });\n' }) },
}));

/** An Invoke of `counted` as raw bytes, signed with `secret`. */
async function signedInvoke(secret: string): Promise<string> {
  const body = '{}';
  const signer = new SignatureV4({
    service: 'lambda', region: 'us-east-1', sha256: Hash.bind(null, 'sha256'), credentials: { accessKeyId: 'AKIAOWNER', secretAccessKey: secret },
  });
  const path = '/2015-03-31/functions/counted/invocations';
  const signed = await signer.sign(new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: server.port, path,
    headers: { host: `127.0.0.1:${server.port}`, 'content-length': String(body.length) }, body,
  }));
  const lines = Object.entries(signed.headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return `POST ${path} HTTP/1.1\r\n${lines}\r\n${body}`;
}

describe('a hand-framed Invoke with --credentials', () => {
  it('runs when its signature verifies, and is refused with AWS\'s answer when it does not', async () => {
    const connection = new RawConnection(server.port);
    try {
      const [good] = await connection.send(await signedInvoke('owner-secret'));
      assert.equal(good!.status, 200);
      assert.deepEqual(JSON.parse(good!.body), { invocations: 1 });
      const [bad] = await connection.send(await signedInvoke('not-the-secret'));
      assert.equal(bad!.status, 403);
      assert.equal(bad!.headers['x-amzn-errortype'], 'InvalidSignatureException');
      const { message } = JSON.parse(bad!.body) as { message: string };
      assert.ok(message.startsWith(`${SIGNATURE_MISMATCH_MESSAGE}\n\nThe Canonical String`), message);
      const [unsigned] = await connection.send('POST /2015-03-31/functions/counted/invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}');
      assert.equal(unsigned!.status, 403);
      assert.equal(unsigned!.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    } finally {
      connection.close();
    }
    // The refused requests ran nothing: the environment's count went from 1 to 2 with this one.
    const out = await client.send(new InvokeCommand({ FunctionName: 'counted' }));
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { invocations: 2 });
  });
});
