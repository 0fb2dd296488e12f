/**
 * At-least-once delivery across a crash: events accepted (202) right before `kill -9` are all run and
 * reported after the restart, and the maximum event age gives a failing event up before a retry that
 * would come too late.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { deploy } from '../api/invoke/helpers.js';
import { startMoto } from '../support/moto.js';
import { Queues, invokeEvent } from './helpers.js';

const moto = await startMoto();
const queues = new Queues(moto);
after(() => queues.destroy());

test('every event accepted before kill -9 is delivered after the restart', async () => {
  const server = await startLambkin({ env: { ...moto.env, LAMBKIN_ASYNC_RETRY_BASE_DELAY: '1' } });
  const client = server.client();
  const queue = await queues.create('survivors');
  // Slow enough that the kill lands while events are running or still waiting.
  await deploy(client, 'slow', { 'index.js': 'exports.handler = async (e) => { await new Promise((r) => setTimeout(r, 500)); return e; };' });
  await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'slow', DestinationConfig: { OnSuccess: { Destination: queue.arn } } }));
  const ids: string[] = [];
  for (let n = 0; n < 8; n++) ids.push(await invokeEvent(client, 'slow', { n }));
  await server.stop('SIGKILL');
  await server.restart();
  const messages = await queues.take(queue.url, ids.length, 30_000);
  const delivered = new Map(messages.map((m) => {
    const record = JSON.parse(m.Body!) as { requestContext: { requestId: string; condition: string }; requestPayload: { n: number } };
    return [record.requestContext.requestId, record];
  }));
  assert.deepEqual([...delivered.keys()].sort(), [...ids].sort());
  for (const [i, id] of ids.entries()) {
    assert.equal(delivered.get(id)!.requestContext.condition, 'Success');
    assert.deepEqual(delivered.get(id)!.requestPayload, { n: i });
  }
});

test('a failure whose next retry would pass MaximumEventAgeInSeconds is given up at once (EventAgeExceeded)', async () => {
  // AWS's own one-minute first retry delay: with a 60 s maximum age the retry can never happen.
  const server = await startLambkin({ env: moto.env });
  const client = server.client();
  const queue = await queues.create('too-old');
  await deploy(client, 'ages', { 'index.js': 'exports.handler = async () => { throw new Error("intentional failure"); };' });
  await client.send(new PutFunctionEventInvokeConfigCommand({
    FunctionName: 'ages', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: queue.arn } },
  }));
  const requestId = await invokeEvent(client, 'ages', { message: 'old' });
  const [message] = await queues.take(queue.url, 1);
  const record = JSON.parse(message!.Body!) as Record<string, any>;
  assert.deepEqual(record.requestContext, {
    requestId, functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:ages:$LATEST', condition: 'EventAgeExceeded', approximateInvokeCount: 1,
  });
  assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
  assert.equal(record.responsePayload.errorMessage, 'intentional failure');
});
