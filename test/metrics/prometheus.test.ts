/**
 * GET /_lambkin/metrics against a real server running real functions: exact counters and label sets
 * for successes, function errors, a timeout, a throttle, an async event retried and sent to its
 * OnFailure destination, an event held back by a throttle, and an SQS mapping (moto standing in for SQS).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventSourceMappingCommand, DeleteFunctionConcurrencyCommand, PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand, UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { startLambkin } from '../support/server.js';
import { startMoto } from '../support/moto.js';
import { until } from '../support/timing.js';
import { gate } from '../support/rendezvous.js';
import { deploy, invoke } from '../api/invoke/helpers.js';
import { Queues, RECORDER, invokeEvent, recordedEvents } from '../async/helpers.js';
import { MotoQueues } from '../sources/sqs/helpers.js';
import { parseExposition, samples, scrape, value } from './exposition.js';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const fnArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const of = (fn: string, version = '$LATEST') => ({ account: ACCOUNT, region: REGION, function: fn, version });

const moto = await startMoto();
const server = await startLambkin({ env: { ...moto.env, LAMBKIN_ASYNC_RETRY_BASE_DELAY: '1' } });
const client = server.client();

const OK = { 'index.js': 'exports.handler = async (event) => ({ got: event });\n' };
const TYPE_ERROR = { 'index.js': 'exports.handler = async () => { null.x; };\n' };
const FAILS = { 'index.js': 'exports.handler = async () => { throw new Error("intentional failure"); };\n' };
const PY_VALUE_ERROR = { 'index.py': 'def handler(event, context):\n    raise ValueError("bad value")\n' };
const SLEEPS = { 'index.js': 'exports.handler = () => new Promise((resolve) => setTimeout(resolve, 30000));\n' };

test('the endpoint speaks the text format, each metric with its type', async () => {
  const s = await scrape(server.url);
  assert.deepEqual(Object.fromEntries(s.types), {
    lambkin_invocations_total: 'counter',
    lambkin_errors_total: 'counter',
    lambkin_throttles_total: 'counter',
    lambkin_cold_starts_total: 'counter',
    lambkin_duration_seconds: 'histogram',
    lambkin_init_duration_seconds: 'histogram',
    lambkin_concurrent_executions: 'gauge',
    lambkin_environments: 'gauge',
    lambkin_async_retries_total: 'counter',
    lambkin_async_destination_deliveries_total: 'counter',
    lambkin_async_queue_depth: 'gauge',
    lambkin_async_oldest_event_age_seconds: 'gauge',
    lambkin_event_source_mapping_lag_seconds: 'gauge',
    lambkin_event_source_mapping_batches_total: 'counter',
    lambkin_event_source_mapping_records_total: 'counter',
  });
  assert.equal(s.help.get('lambkin_invocations_total'), 'Invocations that ran in an environment (successes and errors, not throttles).');
  const post = await fetch(`${server.url}/_lambkin/metrics`, { method: 'POST' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  const other = await fetch(`${server.url}/_lambkin/metricsx`);
  assert.equal(other.status, 404);
  assert.deepEqual(await other.json(), { message: 'No Lambkin endpoint at /_lambkin/metricsx' });
  const head = await fetch(`${server.url}/_lambkin/metrics`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const badAccount = await fetch(`${server.url}/_lambkin/metrics?account=../x`);
  assert.equal(badAccount.status, 400);
  assert.equal(badAccount.headers.get('x-amzn-errortype'), 'InvalidParameterValueException');
});

test('successes: invocations, one cold start, a duration per invocation, a warm idle environment', async () => {
  await deploy(client, 'ok', OK);
  for (let i = 0; i < 3; i++) assert.equal((await invoke(client, 'ok', { i })).status, 200);
  const s = await scrape(server.url);
  assert.equal(value(s, 'lambkin_invocations_total', of('ok')), 3);
  assert.equal(value(s, 'lambkin_cold_starts_total', of('ok')), 1);
  assert.deepEqual(samples(s, 'lambkin_errors_total', { function: 'ok' }), []);
  assert.equal(value(s, 'lambkin_duration_seconds_count', of('ok')), 3);
  assert.equal(value(s, 'lambkin_duration_seconds_bucket', { ...of('ok'), le: '+Inf' }), 3);
  const buckets = samples(s, 'lambkin_duration_seconds_bucket', { function: 'ok' });
  assert.deepEqual(buckets.map((b) => b.labels.le),
    ['0.001', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '30', '60', '300', '900', '+Inf']);
  // Cumulative buckets never fall.
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i]!.value >= buckets[i - 1]!.value);
  assert.ok(value(s, 'lambkin_duration_seconds_sum', of('ok'))! > 0);
  assert.equal(value(s, 'lambkin_init_duration_seconds_count', of('ok')), 1);
  assert.equal(value(s, 'lambkin_init_duration_seconds_bucket', { ...of('ok'), le: '+Inf' }), 1);
  assert.equal(value(s, 'lambkin_concurrent_executions', of('ok')), 0);
  assert.equal(value(s, 'lambkin_environments', { ...of('ok'), state: 'idle' }), 1);
  assert.equal(value(s, 'lambkin_environments', { ...of('ok'), state: 'busy' }), 0);
});

test('two invocations held at once: two concurrent executions in two busy environments, then two idle', async () => {
  const hold = await gate();
  await deploy(client, 'held-open', { 'index.js': 'exports.handler = async (event) => (await fetch(event.url)).text();\n' });
  const running = [invoke(client, 'held-open', { url: hold.url }), invoke(client, 'held-open', { url: hold.url })];
  await until('both invocations are waiting at the gate', () => hold.arrived() === 2);
  const during = await scrape(server.url);
  assert.equal(value(during, 'lambkin_concurrent_executions', of('held-open')), 2);
  assert.equal(value(during, 'lambkin_environments', { ...of('held-open'), state: 'busy' }), 2);
  assert.equal(value(during, 'lambkin_environments', { ...of('held-open'), state: 'idle' }), 0);
  assert.equal(value(during, 'lambkin_invocations_total', of('held-open')), undefined);
  hold.release();
  assert.deepEqual((await Promise.all(running)).map((r) => r.json()), ['go', 'go']);
  const s = await scrape(server.url);
  assert.equal(value(s, 'lambkin_invocations_total', of('held-open')), 2);
  assert.equal(value(s, 'lambkin_cold_starts_total', of('held-open')), 2);
  assert.equal(value(s, 'lambkin_concurrent_executions', of('held-open')), 0);
  assert.equal(value(s, 'lambkin_environments', { ...of('held-open'), state: 'busy' }), 0);
  assert.equal(value(s, 'lambkin_environments', { ...of('held-open'), state: 'idle' }), 2);
});

test('function errors count by the type the runtime names; a timeout as Sandbox.Timedout', async () => {
  await deploy(client, 'type-error', TYPE_ERROR);
  await deploy(client, 'sleeps', SLEEPS, { timeout: 1 });
  await deploy(client, 'py-error', PY_VALUE_ERROR, { runtime: 'python3.12', handler: 'index.handler' });
  for (let i = 0; i < 2; i++) assert.equal((await invoke(client, 'type-error')).functionError, 'Unhandled');
  assert.equal((await invoke(client, 'py-error')).json<{ errorType: string }>().errorType, 'ValueError');
  const timedOut = await invoke(client, 'sleeps');
  assert.equal(timedOut.functionError, 'Unhandled');
  assert.match(timedOut.text, /Task timed out after 1\.00 seconds/);
  const s = await scrape(server.url);
  assert.equal(value(s, 'lambkin_invocations_total', of('type-error')), 2);
  assert.deepEqual(samples(s, 'lambkin_errors_total', { function: 'type-error' }).map((x) => [x.labels.error_type, x.value]), [['TypeError', 2]]);
  assert.deepEqual(samples(s, 'lambkin_errors_total', { function: 'py-error' }).map((x) => [x.labels.error_type, x.value]), [['ValueError', 1]]);
  assert.equal(value(s, 'lambkin_invocations_total', of('sleeps')), 1);
  assert.deepEqual(samples(s, 'lambkin_errors_total', { function: 'sleeps' }).map((x) => [x.labels.error_type, x.value]), [['Sandbox.Timedout', 1]]);
  assert.equal(value(s, 'lambkin_duration_seconds_count', of('sleeps')), 1);
  assert.ok(value(s, 'lambkin_duration_seconds_sum', of('sleeps'))! >= 1);
  // The timed-out environment is stopped: its gauges go.
  await until('the timed-out environment is gone from the gauges', async () =>
    samples(await scrape(server.url), 'lambkin_environments', { function: 'sleeps' }).length === 0);
});

test('an error type is a label value as the runtime named it, escaped on the wire and cut to 64 characters', async () => {
  await deploy(client, 'odd-names', { 'index.js': 'exports.handler = async (event) => { const e = new Error("x"); e.name = event.name; throw e; };\n' });
  const quoted = 'Quote"And\\Back';
  const long = 'L'.repeat(100);
  await invoke(client, 'odd-names', { name: quoted });
  await invoke(client, 'odd-names', { name: long });
  const res = await fetch(`${server.url}/_lambkin/metrics`);
  const text = await res.text();
  assert.ok(text.includes('error_type="Quote\\"And\\\\Back"'), 'quote and backslash escaped');
  const s = parseExposition(text);
  assert.deepEqual(samples(s, 'lambkin_errors_total', { function: 'odd-names' }).map((x) => [x.labels.error_type, x.value]).sort(),
    [['L'.repeat(64), 1], [quoted, 1]].sort());
});

test('a throttle by reserved concurrency 0 counts with its reason, and no invocation', async () => {
  await deploy(client, 'reserved', OK);
  await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'reserved', ReservedConcurrentExecutions: 0 }));
  for (let i = 0; i < 2; i++) {
    await assert.rejects(invoke(client, 'reserved'), (err: Error & { Reason?: string }) =>
      err.name === 'TooManyRequestsException' && err.Reason === 'ReservedFunctionConcurrentInvocationLimitExceeded');
  }
  const s = await scrape(server.url);
  assert.deepEqual(samples(s, 'lambkin_throttles_total', { function: 'reserved' }),
    [{ name: 'lambkin_throttles_total', labels: { ...of('reserved'), reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' }, value: 2 }]);
  assert.equal(value(s, 'lambkin_invocations_total', of('reserved')), undefined);
  assert.equal(value(s, 'lambkin_cold_starts_total', of('reserved')), undefined);
});

test('an async event retried once, then its record delivered to the OnFailure function', async () => {
  await deploy(client, 'recorder', RECORDER);
  await deploy(client, 'async-fails', FAILS);
  await client.send(new PutFunctionEventInvokeConfigCommand({
    FunctionName: 'async-fails', MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Destination: fnArn('recorder') } },
  }));
  await invokeEvent(client, 'async-fails', { n: 1 });
  await until('the recorder got the failure record', async () => (await recordedEvents(server.url, 'recorder')).length === 1, 60_000);
  const s = await scrape(server.url);
  assert.equal(value(s, 'lambkin_invocations_total', of('async-fails')), 2);
  assert.deepEqual(samples(s, 'lambkin_errors_total', { function: 'async-fails' }).map((x) => [x.labels.error_type, x.value]), [['Error', 2]]);
  assert.deepEqual(samples(s, 'lambkin_async_retries_total', { function: 'async-fails' }),
    [{ name: 'lambkin_async_retries_total', labels: { ...of('async-fails'), cause: 'function-error' }, value: 1 }]);
  assert.deepEqual(samples(s, 'lambkin_async_destination_deliveries_total', { function: 'async-fails' }), [{
    name: 'lambkin_async_destination_deliveries_total',
    labels: { ...of('async-fails'), target: 'on-failure', destination_type: 'lambda', outcome: 'delivered' },
    value: 1,
  }]);
  assert.equal(value(s, 'lambkin_invocations_total', of('recorder')), 1);
  assert.deepEqual(samples(s, 'lambkin_async_queue_depth', { function: 'async-fails' }), []);
});

test('a dead-letter send that arrives and an OnFailure destination that cannot be reached, each try counted', async () => {
  const queues = new Queues(moto);
  const dlq = await queues.create('metrics-dlq');
  const missing = 'arn:aws:sqs:us-east-1:123456789012:no-such-queue';
  await deploy(client, 'dlq-fails', FAILS);
  await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'dlq-fails', DeadLetterConfig: { TargetArn: dlq.arn } }));
  await client.send(new PutFunctionEventInvokeConfigCommand({
    FunctionName: 'dlq-fails', MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: missing } },
  }));
  await invokeEvent(client, 'dlq-fails', { n: 1 });
  assert.equal((await queues.take(dlq.url, 1)).length, 1);
  // The record is tried four times (1, 2 and 4 seconds apart), then given up and the event forgotten.
  await until('the event left the queue', async () =>
    samples(await scrape(server.url), 'lambkin_async_queue_depth', { function: 'dlq-fails' }).length === 0, 60_000);
  const s = await scrape(server.url);
  const sends = samples(s, 'lambkin_async_destination_deliveries_total', { function: 'dlq-fails' })
    .map((x) => [x.labels.target, x.labels.destination_type, x.labels.outcome, x.value]).sort();
  assert.deepEqual(sends, [['dead-letter', 'sqs', 'delivered', 1], ['on-failure', 'sqs', 'failed', 4]]);
  assert.deepEqual(samples(s, 'lambkin_async_retries_total', { function: 'dlq-fails' }), []);
  queues.destroy();
});

test('an async event held back by a throttle shows in the queue gauges until it runs', async () => {
  await deploy(client, 'held', OK);
  await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'held', ReservedConcurrentExecutions: 0 }));
  const sentAt = Date.now();
  await invokeEvent(client, 'held', { n: 1 });
  await until('a throttled try was retried', async () =>
    (value(await scrape(server.url), 'lambkin_async_retries_total', { ...of('held'), cause: 'throttled' }) ?? 0) >= 1);
  const waiting = await scrape(server.url);
  assert.equal(value(waiting, 'lambkin_async_queue_depth', of('held')), 1);
  const age = value(waiting, 'lambkin_async_oldest_event_age_seconds', of('held'))!;
  assert.ok(age > 0 && age <= (Date.now() - sentAt) / 1000 + 0.001, `age ${age}`);
  await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'held' }));
  await until('the event ran and left the queue', async () => {
    const s = await scrape(server.url);
    return value(s, 'lambkin_invocations_total', of('held')) === 1 && value(s, 'lambkin_async_queue_depth', of('held')) === undefined;
  }, 60_000);
  const s = await scrape(server.url);
  // Each throttled try was retried, and nothing else was.
  const throttles = value(s, 'lambkin_throttles_total', { ...of('held'), reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' })!;
  assert.ok(throttles >= 1);
  assert.deepEqual(samples(s, 'lambkin_async_retries_total', { function: 'held' }).map((x) => [x.labels.cause, x.value]), [['throttled', throttles]]);
  assert.deepEqual(samples(s, 'lambkin_async_oldest_event_age_seconds', { function: 'held' }), []);
});

test('an SQS mapping: records received, batches by outcome (one per invocation), lag', async () => {
  const queues = new MotoQueues(moto, { visibilityAfterMapping: true });
  await deploy(client, 'consumer', OK);
  const queue = await queues.create('metrics', { VisibilityTimeout: '30' });
  const uuid = await queues.map(client, 'consumer', queue.arn, { BatchSize: 10 });
  for (let i = 0; i < 3; i++) await queues.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: `m${i}` }));
  const labels = { account: ACCOUNT, region: REGION, function: 'consumer', uuid, source: 'sqs' };
  await until('the mapping received the three records', async () =>
    value(await scrape(server.url), 'lambkin_event_source_mapping_records_total', { ...labels, stage: 'received' }) === 3, 60_000);
  await until('every batch was invoked', async () => {
    const s = await scrape(server.url);
    return value(s, 'lambkin_event_source_mapping_batches_total', { ...labels, outcome: 'success' })
      === value(s, 'lambkin_invocations_total', of('consumer'));
  });
  const s = await scrape(server.url);
  const batches = value(s, 'lambkin_event_source_mapping_batches_total', { ...labels, outcome: 'success' })!;
  assert.ok(batches >= 1 && batches <= 3, `${batches} batches`);
  assert.equal(value(s, 'lambkin_event_source_mapping_batches_total', { ...labels, outcome: 'failure' }), 0);
  assert.equal(value(s, 'lambkin_event_source_mapping_records_total', { ...labels, stage: 'filtered' }), 0);
  assert.equal(value(s, 'lambkin_event_source_mapping_records_total', { ...labels, stage: 'discarded' }), 0);
  assert.ok(value(s, 'lambkin_event_source_mapping_lag_seconds', labels)! >= 0);
  queues.sqs.destroy();
});

test('?account= narrows the scrape to one account', async () => {
  const other = server.client('111111111111');
  await deploy(other, 'ok', OK);
  await invoke(other, 'ok');
  const all = await scrape(server.url);
  assert.equal(value(all, 'lambkin_invocations_total', { ...of('ok'), account: '111111111111' }), 1);
  assert.equal(value(all, 'lambkin_invocations_total', of('ok')), 3);
  const narrowed = await scrape(server.url, '?account=111111111111');
  assert.deepEqual(samples(narrowed, 'lambkin_invocations_total').map((x) => x.labels), [{ ...of('ok'), account: '111111111111' }]);
  assert.ok(narrowed.samples.every((x) => x.labels.account === '111111111111'));
  assert.equal(narrowed.types.size, all.types.size);
});
