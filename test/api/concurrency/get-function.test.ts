/** GetFunction shows the function's reservation under `Concurrency`, for every qualifier, and only while one is set. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DeleteFunctionConcurrencyCommand, GetFunctionCommand, PublishVersionCommand, PutFunctionConcurrencyCommand, waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { createEcho } from '../functions/fixtures.js';

const server = await startLambkin();
const client = server.client();

const concurrency = async (FunctionName: string, Qualifier?: string) =>
  (await client.send(new GetFunctionCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}) }))).Concurrency;

test('GetFunction reports a reservation, including one of 0, and drops it once deleted', async () => {
  await createEcho(client, 'reserved-fn');
  await waitUntilFunctionActiveV2({ client, maxWaitTime: 10 }, { FunctionName: 'reserved-fn' });
  const { Version } = await client.send(new PublishVersionCommand({ FunctionName: 'reserved-fn' }));
  assert.equal(await concurrency('reserved-fn'), undefined);

  await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'reserved-fn', ReservedConcurrentExecutions: 0 }));
  assert.deepEqual(await concurrency('reserved-fn'), { ReservedConcurrentExecutions: 0 });
  await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'reserved-fn', ReservedConcurrentExecutions: 7 }));
  assert.deepEqual(await concurrency('reserved-fn'), { ReservedConcurrentExecutions: 7 });
  assert.deepEqual(await concurrency('reserved-fn', '$LATEST'), { ReservedConcurrentExecutions: 7 });
  assert.deepEqual(await concurrency('reserved-fn', Version), { ReservedConcurrentExecutions: 7 });

  await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'reserved-fn' }));
  assert.equal(await concurrency('reserved-fn'), undefined);
});
