// With a credentials file, /_lambkin/status and `lambkin status` need a signature and show only the signer's account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLambkin } from '../support/server.js';
import { deploy } from '../api/invoke/helpers.js';
import type { StatusReport } from '../../src/status/report.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/lambkin.mjs', import.meta.url).pathname;
const credentials = join(mkdtempSync(join(tmpdir(), 'lambkin-creds-')), 'credentials.json');
writeFileSync(credentials, JSON.stringify({
  AKIAOWNER: { secretAccessKey: 'owner-secret', accountId: '111111111111' },
  AKIAOTHER: { secretAccessKey: 'other-secret', accountId: '222222222222' },
}));
const server = await startLambkin({ args: ['--credentials', credentials] });
await deploy(server.client('AKIAOWNER', 'owner-secret'), 'mine', { 'index.js': 'exports.handler = async () => 1;\n' });
await deploy(server.client('AKIAOTHER', 'other-secret'), 'theirs', { 'index.js': 'exports.handler = async () => 1;\n' });

function statusAs(accessKeyId: string | undefined, secretAccessKey: string | undefined, ...args: string[]) {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey };
  if (accessKeyId === undefined) { delete env.AWS_ACCESS_KEY_ID; delete env.AWS_SECRET_ACCESS_KEY; }
  return run(process.execPath, [BIN, 'status', '--port', String(server.port), ...args], { env, timeout: 30_000 });
}

test('an unsigned status request is refused with AWS\'s error', async () => {
  const res = await fetch(`${server.url}/_lambkin/status`);
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
  await assert.rejects(statusAs(undefined, undefined), (err: { code: number; stdout: string; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.equal(err.stdout, '');
    assert.match(err.stderr, /^lambkin: MissingAuthenticationTokenException: \S/);
    return true;
  });
});

test('a signed `lambkin status` shows the signer\'s account only, whatever account it names', async () => {
  for (const args of [[], ['--account', '222222222222']]) {
    const { stdout } = await statusAs('AKIAOWNER', 'owner-secret', '--json', ...args);
    const report = JSON.parse(stdout) as StatusReport;
    assert.deepEqual(report.functions.map((f) => `${f.accountId}/${f.functionName}`), ['111111111111/mine']);
  }
});

test('a wrong secret fails with AWS\'s signature error and exit code 1', async () => {
  await assert.rejects(statusAs('AKIAOWNER', 'wrong'), (err: { code: number; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.match(err.stderr, /^lambkin: InvalidSignatureException: The request signature we calculated does not match the signature you provided/);
    return true;
  });
});
