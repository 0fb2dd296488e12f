// A function calling Lambkin from inside its sandbox, at AWS_ENDPOINT_URL_LAMBDA with the credentials it was
// given, signing with SigV4 in plain standard-library Python. The server verifies signatures (credentials file).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLambkin } from '../../support/server.js';
import { deploy, invoke } from './helpers.js';
import { CALLER } from './sigv4-caller.js';

const dir = mkdtempSync(join(tmpdir(), 'lambkin-chain-'));
const credentials = join(dir, 'credentials.json');
writeFileSync(credentials, JSON.stringify({ AKIDCHAINTEST: { secretAccessKey: 'chain-secret', accountId: '111111111111' } }));
const server = await startLambkin({ args: ['--credentials', credentials] });
const client = server.client('AKIDCHAINTEST', 'chain-secret');

describe('a function invoking another function', () => {
  test('signs with its own credentials and reaches the callee in its own account', async () => {
    await deploy(client, 'callee', {
      'index.js': 'exports.handler = async (event, context) => ({ got: event, arn: context.invokedFunctionArn });\n',
    });
    await deploy(client, 'caller', { 'caller.py': CALLER }, { runtime: 'python3.12', handler: 'caller.handler', timeout: 10 });
    const r = await invoke(client, 'caller', { target: 'callee' });
    assert.equal(r.functionError, undefined, r.text);
    assert.deepEqual(r.json(), {
      status: 200,
      executed: '$LATEST',
      body: { got: { from: 'caller' }, arn: 'arn:aws:lambda:us-east-1:111111111111:function:callee' },
    });
  });

  test('a wrong signature from inside a function is refused like any other', async () => {
    const r = await invoke(client, 'caller', { target: 'callee', secret_suffix: 'x' });
    const out = r.json<{ status: number; error: string; body: { message: string } }>();
    assert.equal(out.status, 403);
    assert.equal(out.error, 'InvalidSignatureException');
    assert.match(out.body.message, /^The request signature we calculated does not match the signature you provided\./);
  });
});
