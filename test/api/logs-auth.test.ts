// With a credentials file, the log endpoint and `lambkin logs` read only the signer's own account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploy, invoke } from './invoke/helpers.js';
import { OTHER, OWNER, clientAs, cliAs, startWithTwoAccounts, type Signer } from '../support/two-accounts.js';

const server = await startWithTwoAccounts();
const owner = clientAs(server, OWNER);
await deploy(owner, 'logged', { 'index.js': "exports.handler = async () => { console.log('secret-ish line'); return 1; };\n" });
await invoke(owner, 'logged');

const logsAs = (signer: Pick<Signer, 'accessKeyId' | 'secretAccessKey'>) => cliAs(server, signer, ['logs', 'logged', '--account', OWNER.accountId]);

test('an unsigned request for logs is refused', async () => {
  const res = await fetch(`${server.url}/_lambkin/logs/logged?account=111111111111`);
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
});

test('the owner reads its function\'s log with `lambkin logs`', async () => {
  const { stdout } = await logsAs(OWNER);
  assert.match(stdout, /secret-ish line/);
  assert.match(stdout, /START RequestId: /);
});

test('another account reads nothing, whatever account it names: the function is looked for in its own', async () => {
  await assert.rejects(logsAs(OTHER), (err: { code: number; stdout: string; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.equal(err.stdout, '');
    assert.equal(err.stderr, 'lambkin: ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:222222222222:function:logged\n');
    return true;
  });
});

test('a wrong secret fails with AWS\'s signature error', async () => {
  await assert.rejects(logsAs({ ...OWNER, secretAccessKey: 'wrong' }), (err: { code: number; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.match(err.stderr, /^lambkin: InvalidSignatureException: /);
    return true;
  });
});
