/**
 * Event invocations end to end: a real Lambkin with real functions, moto standing in for SQS. Success
 * and failure records (to SQS and to another function), retries counted in the record, dead-letter
 * messages with AWS's attributes, and an unreachable destination that does not stop the pipeline.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PutFunctionEventInvokeConfigCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { deploy, eventually, functionLog } from '../api/invoke/helpers.js';
import { startMoto } from '../support/moto.js';
import { Queues, RECORDER, invokeEvent, recordedEvents } from './helpers.js';

const ACCOUNT = '000000000000';
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

const moto = await startMoto();
const queues = new Queues(moto);
after(() => queues.destroy());
const server = await startLambkin({ env: { ...moto.env, LAMBKIN_ASYNC_RETRY_BASE_DELAY: '1' } });
const client = server.client();

const ECHO = { 'index.js': 'exports.handler = async (event, context) => ({ echo: event, version: context.functionVersion });' };
const FAIL = { 'index.js': 'exports.handler = async (event) => { console.log("RUN " + JSON.stringify(event)); throw new Error("intentional failure"); };' };

function body(message: { Body?: string }): Record<string, any> {
  return JSON.parse(message.Body!) as Record<string, any>;
}

test('a success record reaches the OnSuccess queue', async () => {
  const queue = await queues.create('on-success');
  await deploy(client, 'echo', ECHO);
  await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'echo', DestinationConfig: { OnSuccess: { Destination: queue.arn } } }));
  const requestId = await invokeEvent(client, 'echo', { hello: 'world' });
  const [message] = await queues.take(queue.url, 1);
  const record = body(message!);
  assert.ok(!Number.isNaN(Date.parse(record.timestamp)), record.timestamp);
  assert.deepEqual({ ...record, timestamp: 'date' }, {
    version: '1.0',
    timestamp: 'date',
    requestContext: { requestId, functionArn: `${fnArn('echo')}:$LATEST`, condition: 'Success', approximateInvokeCount: 1 },
    requestPayload: { hello: 'world' },
    responseContext: { statusCode: 200, executedVersion: '$LATEST' },
    responsePayload: { echo: { hello: 'world' }, version: '$LATEST' },
  });
});

test('a failing function is retried twice, then the record says RetriesExhausted after 3 invocations', async () => {
  const queue = await queues.create('on-failure');
  await deploy(client, 'fails', FAIL);
  await client.send(new PutFunctionEventInvokeConfigCommand({
    FunctionName: 'fails', MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: queue.arn } },
  }));
  const requestId = await invokeEvent(client, 'fails', { message: 'retry-me' });
  const [message] = await queues.take(queue.url, 1, 30_000);
  const record = body(message!);
  assert.deepEqual(record.requestContext, {
    requestId, functionArn: `${fnArn('fails')}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3,
  });
  assert.deepEqual(record.requestPayload, { message: 'retry-me' });
  assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
  assert.equal(record.responsePayload.errorMessage, 'intentional failure');
  assert.equal(record.responsePayload.errorType, 'Error');
  // Every run carried the same request id.
  const runs = (await functionLog(server.url, 'fails')).filter((l) => l.message.startsWith('START '));
  assert.deepEqual(runs.map((l) => l.message.split(' ')[2]), [requestId, requestId, requestId]);
  assert.deepEqual(await queues.drain(queue.url, 1_500), []);
});

test('a Lambda destination is invoked with the record, on failure and on success', async () => {
  await deploy(client, 'recorder', RECORDER);
  await deploy(client, 'fails-once', FAIL);
  await deploy(client, 'echo-to-lambda', ECHO);
  await client.send(new PutFunctionEventInvokeConfigCommand({
    FunctionName: 'fails-once', MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: fnArn('recorder') } },
  }));
  await client.send(new PutFunctionEventInvokeConfigCommand({
    FunctionName: 'echo-to-lambda', DestinationConfig: { OnSuccess: { Destination: fnArn('recorder') } },
  }));
  const failedId = await invokeEvent(client, 'fails-once', { n: 1 });
  const succeededId = await invokeEvent(client, 'echo-to-lambda', { n: 2 });
  const records = await eventually(async () => {
    const seen = await recordedEvents(server.url, 'recorder') as Array<Record<string, any>>;
    return seen.length >= 2 ? seen : undefined;
  }, 20_000);
  const byId = new Map(records.map((r) => [r.requestContext.requestId as string, r]));
  const failed = byId.get(failedId)!;
  assert.deepEqual(failed.requestContext, {
    requestId: failedId, functionArn: `${fnArn('fails-once')}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 1,
  });
  assert.equal(failed.responseContext.functionError, 'Unhandled');
  const succeeded = byId.get(succeededId)!;
  assert.equal(succeeded.requestContext.condition, 'Success');
  assert.deepEqual(succeeded.responsePayload, { echo: { n: 2 }, version: '$LATEST' });
  assert.equal(records.length, 2);
});

test('the dead-letter queue gets the original event with RequestID, ErrorCode and ErrorMessage', async () => {
  const dlq = await queues.create('dead-letters');
  await deploy(client, 'dlq-fn', FAIL);
  await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'dlq-fn', DeadLetterConfig: { TargetArn: dlq.arn } }));
  await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'dlq-fn', MaximumRetryAttempts: 0 }));
  const payload = '{"raise_error": 1}';
  const requestId = await invokeEvent(client, 'dlq-fn', JSON.parse(payload));
  const [message] = await queues.take(dlq.url, 1);
  assert.equal(message!.Body, JSON.stringify(JSON.parse(payload)));
  assert.deepEqual(message!.MessageAttributes, {
    RequestID: { DataType: 'String', StringValue: requestId },
    ErrorCode: { DataType: 'Number', StringValue: '200' },
    ErrorMessage: { DataType: 'String', StringValue: 'intentional failure' },
  });
});

test('an unreachable destination is logged and retried, and later events still flow', async () => {
  const missing = 'arn:aws:sqs:us-east-1:123456789012:no-such-queue';
  const queue = await queues.create('after-missing');
  await deploy(client, 'to-nowhere', ECHO);
  await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'to-nowhere', DestinationConfig: { OnSuccess: { Destination: missing } } }));
  const lostId = await invokeEvent(client, 'to-nowhere', { n: 1 });
  await eventually(async () => (server.output().includes(`event ${lostId} to ${missing} (try 1 of`) ? true : undefined), 15_000);
  await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'to-nowhere', DestinationConfig: { OnSuccess: { Destination: queue.arn } } }));
  const requestId = await invokeEvent(client, 'to-nowhere', { n: 2 });
  const [message] = await queues.take(queue.url, 1);
  assert.equal(body(message!).requestContext.requestId, requestId);
});
