/** A reservation of 0 stops a real function (429, as AWS), deleting it lets the function run, and it survives a restart. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeleteFunctionConcurrencyCommand, GetFunctionConcurrencyCommand, PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { deploy, invoke } from '../invoke/helpers.js';

const server = await startLambkin();

const FILES = { 'index.js': 'exports.handler = async (event) => ({ got: event.n });\n' };

async function throttled(name: string): Promise<void> {
  await assert.rejects(invoke(server.client(), name, { n: 1 }), (err: Record<string, unknown> & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, 'TooManyRequestsException');
    assert.equal(err.$metadata?.httpStatusCode, 429);
    assert.equal(err.message, 'Rate Exceeded.');
    assert.equal(err.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
    assert.equal(err.Type, 'User');
    return true;
  });
}

async function runs(name: string): Promise<void> {
  const out = await invoke(server.client(), name, { n: 7 });
  assert.equal(out.status, 200);
  assert.deepEqual(out.json(), { got: 7 });
}

describe('reserved concurrency in the engine', () => {
  it('throttles at 0 and lets the function run again once deleted', async () => {
    const client = server.client();
    await deploy(client, 'throttled', FILES);
    await runs('throttled');
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'throttled', ReservedConcurrentExecutions: 0 }));
    await throttled('throttled');
    await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'throttled' }));
    await runs('throttled');
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'throttled', ReservedConcurrentExecutions: 2 }));
    await runs('throttled');
  });

  it('keeps reservations across a restart', async () => {
    const client = server.client();
    await deploy(client, 'kept', FILES);
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'kept', ReservedConcurrentExecutions: 0 }));
    await server.restart();
    const after = server.client();
    assert.equal((await after.send(new GetFunctionConcurrencyCommand({ FunctionName: 'kept' }))).ReservedConcurrentExecutions, 0);
    await throttled('kept');
    await after.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'kept' }));
    await runs('kept');
  });
});
