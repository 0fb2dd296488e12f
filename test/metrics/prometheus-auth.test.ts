/**
 * With a credentials file the scrape must be SigV4-signed by a known key, and shows only the signer's
 * account (what ?account= names does not widen it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest } from '../support/raw-request.js';
import { deploy, invoke } from '../api/invoke/helpers.js';
import { parseExposition, samples } from './exposition.js';
import { startWithTwoAccounts } from '../support/two-accounts.js';

const server = await startWithTwoAccounts();
const FILES = { 'index.js': 'exports.handler = async () => "ok";\n' };
await deploy(server.client('AKIAOWNER', 'owner-secret'), 'owned', FILES);
await invoke(server.client('AKIAOWNER', 'owner-secret'), 'owned');
await deploy(server.client('AKIAOTHER', 'other-secret'), 'others', FILES);
await invoke(server.client('AKIAOTHER', 'other-secret'), 'others');
await invoke(server.client('AKIAOTHER', 'other-secret'), 'others');

test('an unsigned scrape is refused as AWS refuses an unsigned request', async () => {
  const res = await fetch(`${server.url}/_lambkin/metrics`);
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
  assert.deepEqual(await res.json(), { message: 'Missing Authentication Token' });
});

test('a wrong secret is refused with the signature error', async () => {
  const res = await rawRequest(server.url, { path: '/_lambkin/metrics', accessKeyId: 'AKIAOWNER', secretAccessKey: 'wrong' });
  assert.equal(res.status, 403);
  assert.equal(res.headers['x-amzn-errortype'], 'InvalidSignatureException');
});

test('each signer sees only its own account, whatever account it names', async () => {
  for (const [key, secret, account, fn, count] of [
    ['AKIAOWNER', 'owner-secret', '111111111111', 'owned', 1],
    ['AKIAOTHER', 'other-secret', '222222222222', 'others', 2],
  ] as const) {
    const res = await rawRequest(server.url, { path: '/_lambkin/metrics?account=111111111111', accessKeyId: key, secretAccessKey: secret });
    assert.equal(res.status, 200, res.body.toString());
    assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    const s = parseExposition(res.body.toString());
    assert.deepEqual(samples(s, 'lambkin_invocations_total'), [{
      name: 'lambkin_invocations_total', labels: { account, region: 'us-east-1', function: fn, version: '$LATEST' }, value: count,
    }]);
    assert.ok(s.samples.length > 0 && s.samples.every((x) => x.labels.account === account), `only ${account}'s series`);
  }
});
