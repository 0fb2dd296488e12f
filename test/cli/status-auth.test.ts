// With a credentials file, /_lambkin/status and `lambkin status` need a signature and show only the signer's account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploy } from '../api/invoke/helpers.js';
import { OTHER, OWNER, clientAs, cliAs, startWithTwoAccounts, type Signer } from '../support/two-accounts.js';
import type { StatusReport } from '../../src/status/report.js';

const server = await startWithTwoAccounts();
await deploy(clientAs(server, OWNER), 'mine', { 'index.js': 'exports.handler = async () => 1;\n' });
await deploy(clientAs(server, OTHER), 'theirs', { 'index.js': 'exports.handler = async () => 1;\n' });

const statusAs = (signer: Pick<Signer, 'accessKeyId' | 'secretAccessKey'> | undefined, ...args: string[]) => cliAs(server, signer, ['status', ...args]);

test('an unsigned status request is refused with AWS\'s error', async () => {
  const res = await fetch(`${server.url}/_lambkin/status`);
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
  await assert.rejects(statusAs(undefined), (err: { code: number; stdout: string; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.equal(err.stdout, '');
    assert.match(err.stderr, /^lambkin: MissingAuthenticationTokenException: \S/);
    return true;
  });
});

test('a signed `lambkin status` shows the signer\'s account only, whatever account it names', async () => {
  for (const args of [[], ['--account', '222222222222']]) {
    const { stdout } = await statusAs(OWNER, '--json', ...args);
    const report = JSON.parse(stdout) as StatusReport;
    assert.deepEqual(report.functions.map((f) => `${f.accountId}/${f.functionName}`), ['111111111111/mine']);
  }
});

test('a wrong secret fails with AWS\'s signature error and exit code 1', async () => {
  await assert.rejects(statusAs({ ...OWNER, secretAccessKey: 'wrong' }), (err: { code: number; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.match(err.stderr, /^lambkin: InvalidSignatureException: The request signature we calculated does not match the signature you provided/);
    return true;
  });
});
