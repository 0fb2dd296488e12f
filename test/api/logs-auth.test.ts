// With a credentials file, the log endpoint and `lambkin logs` read only the signer's own account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLambkin } from '../support/server.js';
import { deploy, invoke } from './invoke/helpers.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/lambkin.mjs', import.meta.url).pathname;
const credentials = join(mkdtempSync(join(tmpdir(), 'lambkin-creds-')), 'credentials.json');
writeFileSync(credentials, JSON.stringify({
  AKIAOWNER: { secretAccessKey: 'owner-secret', accountId: '111111111111' },
  AKIAOTHER: { secretAccessKey: 'other-secret', accountId: '222222222222' },
}));
const server = await startLambkin({ args: ['--credentials', credentials] });
const owner = server.client('AKIAOWNER', 'owner-secret');
await deploy(owner, 'logged', { 'index.js': "exports.handler = async () => { console.log('secret-ish line'); return 1; };\n" });
await invoke(owner, 'logged');

function logsAs(accessKeyId: string, secretAccessKey: string) {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey };
  return run(process.execPath, [BIN, 'logs', 'logged', '--port', String(server.port), '--account', '111111111111'], { env, timeout: 60_000 });
}

test('an unsigned request for logs is refused', async () => {
  const res = await fetch(`${server.url}/_lambkin/logs/logged?account=111111111111`);
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
});

test('the owner reads its function\'s log with `lambkin logs`', async () => {
  const { stdout } = await logsAs('AKIAOWNER', 'owner-secret');
  assert.match(stdout, /secret-ish line/);
  assert.match(stdout, /START RequestId: /);
});

test('another account reads nothing, whatever account it names: the function is looked for in its own', async () => {
  await assert.rejects(logsAs('AKIAOTHER', 'other-secret'), (err: { code: number; stdout: string; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.equal(err.stdout, '');
    assert.equal(err.stderr, 'lambkin: ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:222222222222:function:logged\n');
    return true;
  });
});

test('a wrong secret fails with AWS\'s signature error', async () => {
  await assert.rejects(logsAs('AKIAOWNER', 'wrong'), (err: { code: number; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.match(err.stderr, /^lambkin: InvalidSignatureException: /);
    return true;
  });
});
