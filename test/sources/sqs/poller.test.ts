/**
 * The SQS poller against a real SQS endpoint (moto), run directly through the poller contract with the
 * test standing in for the function: what each batch holds, what is deleted, what comes back.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startMoto } from '../../support/moto.js';
import { until } from '../../support/timing.js';
import { sqsSource } from '../../../src/sources/sqs/index.js';
import { MotoQueues, functionError, startPoller, success } from './helpers.js';
import type { BatchInvokeResult } from '../../../src/sources/types.js';
import { compileFilterCriteria } from '../../../src/sources/filter/index.js';

const moto = await startMoto();
Object.assign(process.env, moto.env);
const queues = new MotoQueues(moto);
after(() => queues.destroy());

type Event = { Records: Array<Record<string, any>> };
const bodies = (event: Event) => event.Records.map((r) => r.body as string);

test('each message arrives once in AWS\'s record shape and is deleted after the function returned', async () => {
  const queue = await queues.create('basic');
  const events: Event[] = [];
  const poller = startPoller(sqsSource.run, { EventSourceArn: queue.arn, BatchSize: 10 }, async (event) => {
    events.push(event);
    return success();
  });
  const [id] = await queues.send(queue.url, [{
    MessageBody: '{"foo": "bar"}', MessageAttributes: { Author: { DataType: 'String', StringValue: 'John Grisham' } },
  }]);
  await until('the message is invoked', () => events.length === 1);
  await until('the message is deleted', async () => (await queues.remaining(queue.url)) === 0);
  const [record] = events[0]!.Records;
  assert.equal(record.messageId, id);
  assert.equal(record.body, '{"foo": "bar"}');
  assert.equal(record.eventSource, 'aws:sqs');
  assert.equal(record.eventSourceARN, queue.arn);
  assert.equal(record.awsRegion, 'us-east-1');
  assert.deepEqual(Object.keys(record.attributes), ['ApproximateReceiveCount', 'SentTimestamp', 'SenderId', 'ApproximateFirstReceiveTimestamp']);
  assert.equal(record.attributes.ApproximateReceiveCount, '1');
  assert.deepEqual(record.messageAttributes, { Author: { stringValue: 'John Grisham', stringListValues: [], binaryListValues: [], dataType: 'String' } });
  assert.match(record.md5OfMessageAttributes, /^[0-9a-f]{32}$/);
  assert.equal(record.md5OfBody, createHash('md5').update('{"foo": "bar"}').digest('hex'));
  assert.ok(poller.reports.received >= 1 && poller.reports.invoked.length === 1);
  // The delete's answer reaches the poller a moment after the queue shows it: then the lag drops to 0.
  await until('the lag is back to 0', () => poller.reports.lag.at(-1) === 0);
  await poller.stop();
});

test('a failed batch is not deleted: it comes back after the visibility timeout with a higher receive count', async () => {
  const queue = await queues.create('retry', { VisibilityTimeout: '2' });
  const seen: Array<{ count: string; at: number }> = [];
  const poller = startPoller(sqsSource.run, { EventSourceArn: queue.arn, BatchSize: 1 }, async (event) => {
    seen.push({ count: event.Records[0]!.attributes.ApproximateReceiveCount, at: Date.now() });
    return seen.length === 1 ? functionError() : success();
  });
  await queues.send(queue.url, [{ MessageBody: 'fail once' }]);
  await until('the message ran twice', () => seen.length === 2);
  await until('the message is deleted', async () => (await queues.remaining(queue.url)) === 0);
  assert.deepEqual(seen.map((s) => s.count), ['1', '2']);
  assert.ok(seen[1]!.at - seen[0]!.at >= 1_500, `retried after ${seen[1]!.at - seen[0]!.at} ms`);
  await poller.stop();
});

test('a batching window holds the batch open: the first message waits for the window before the invocation', async () => {
  const queue = await queues.create('window');
  const invokedAt: number[] = [];
  const events: Event[] = [];
  const poller = startPoller(sqsSource.run, { EventSourceArn: queue.arn, BatchSize: 100, MaximumBatchingWindowInSeconds: 2 }, async (event) => {
    invokedAt.push(Date.now());
    events.push(event);
    return success();
  });
  await new Promise((r) => setTimeout(r, 300));
  const sentAt = Date.now();
  await queues.send(queue.url, Array.from({ length: 15 }, (_, i) => ({ MessageBody: `m${i}` })));
  await until('15 messages invoked', () => events.reduce((n, e) => n + e.Records.length, 0) === 15);
  await poller.stop();
  assert.ok(invokedAt[0]! - sentAt >= 1_900, `invoked ${invokedAt[0]! - sentAt} ms after the send`);
  assert.equal(new Set(events.flatMap(bodies)).size, 15);
  assert.equal(events.length, 1, 'one batch over several receives');
});

test('without a window a batch is invoked as soon as a receive returns, and never exceeds BatchSize', async () => {
  const queue = await queues.create('no-window');
  const events: Event[] = [];
  const poller = startPoller(sqsSource.run, { EventSourceArn: queue.arn, BatchSize: 3 }, async (event) => {
    events.push(event);
    return success();
  });
  await queues.send(queue.url, Array.from({ length: 10 }, (_, i) => ({ MessageBody: `m${i}` })));
  await until('10 messages invoked', () => events.reduce((n, e) => n + e.Records.length, 0) === 10);
  assert.ok(events.every((e) => e.Records.length >= 1 && e.Records.length <= 3), JSON.stringify(events.map((e) => e.Records.length)));
  await poller.stop();
});

test('ReportBatchItemFailures deletes only the messages not named; the named ones come back', async () => {
  const queue = await queues.create('partial', { VisibilityTimeout: '2' });
  const events: Event[] = [];
  const ids = await queues.send(queue.url, ['a', 'b', 'c'].map((MessageBody) => ({ MessageBody })));
  const poller = startPoller(sqsSource.run, {
    EventSourceArn: queue.arn, BatchSize: 10, MaximumBatchingWindowInSeconds: 1, FunctionResponseTypes: ['ReportBatchItemFailures'],
  }, async (event) => {
    events.push(event);
    const failed = events.length === 1 ? event.Records.filter((r) => r.body === 'b') : [];
    return success({ batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) });
  });
  await until('b ran again', () => events.flatMap(bodies).filter((b) => b === 'b').length === 2);
  await until('the queue is empty', async () => (await queues.remaining(queue.url)) === 0);
  assert.equal(events.flatMap(bodies).length, 4, 'a and c ran once');
  const retry = events.find((e) => e.Records.some((r) => r.attributes.ApproximateReceiveCount === '2'))!;
  assert.deepEqual(retry.Records.map((r) => r.messageId), [ids[1]]);
  await poller.stop();
});

test('an invalid partial batch answer fails the whole batch', async () => {
  const queue = await queues.create('invalid-answer', { VisibilityTimeout: '2' });
  const counts: string[] = [];
  const poller = startPoller(sqsSource.run, {
    EventSourceArn: queue.arn, BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'],
  }, async (event) => {
    counts.push(event.Records[0]!.attributes.ApproximateReceiveCount);
    return success(counts.length === 1 ? { batchItemFailures: [{ foo: 'notvalid' }] } : {});
  });
  await queues.send(queue.url, [{ MessageBody: '{"message": 1}' }]);
  await until('ran twice and deleted', async () => counts.length === 2 && (await queues.remaining(queue.url)) === 0);
  assert.deepEqual(counts, ['1', '2']);
  await poller.stop();
});

test('SQS redrives a message that keeps failing to its dead-letter queue after maxReceiveCount', async () => {
  const dlq = await queues.create('dlq');
  const queue = await queues.create('redrive', {
    VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
  });
  let runs = 0;
  const poller = startPoller(sqsSource.run, { EventSourceArn: queue.arn, BatchSize: 1 }, async () => {
    runs++;
    return functionError();
  });
  await queues.send(queue.url, [{ MessageBody: 'poison' }]);
  await until('the message reached the DLQ', async () => (await queues.remaining(dlq.url)) === 1);
  await until('the source queue is empty', async () => (await queues.remaining(queue.url)) === 0);
  await poller.stop();
  assert.equal(runs, 2);
  const out = await queues.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url }));
  assert.equal(out.Messages![0]!.Body, 'poison');
});

test('filtered-out messages are deleted without invoking; matching ones are invoked', async () => {
  const queue = await queues.create('filter');
  const events: Event[] = [];
  const poller = startPoller(sqsSource.run, { EventSourceArn: queue.arn, BatchSize: 10 }, async (event) => {
    events.push(event);
    return success();
  }, compileFilterCriteria({ Filters: [{ Pattern: '{"body": {"keep": [true]}}' }] }, 'sqs'));
  await queues.send(queue.url, [{ MessageBody: '{"keep": true}' }, { MessageBody: '{"keep": false}' }, { MessageBody: 'plain' }]);
  await until('the queue is empty', async () => (await queues.remaining(queue.url)) === 0);
  await until('the match was invoked', () => events.length > 0);
  assert.deepEqual(events.flatMap(bodies), ['{"keep": true}']);
  assert.equal(poller.reports.filtered, 2);
  await poller.stop();
});

test('MaximumConcurrency caps the batches running at once', async () => {
  const queue = await queues.create('concurrency');
  let running = 0;
  let most = 0;
  let total = 0;
  const poller = startPoller(sqsSource.run, { EventSourceArn: queue.arn, BatchSize: 1, ScalingConfig: { MaximumConcurrency: 2 } }, async () => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, 200));
    running--;
    total++;
    return success();
  });
  await queues.send(queue.url, Array.from({ length: 12 }, (_, i) => ({ MessageBody: `m${i}` })));
  await until('all ran', () => total === 12);
  await poller.stop();
  assert.equal(most, 2);
});

test('without a limit, five batches run at once', async () => {
  const queue = await queues.create('five');
  let running = 0;
  let most = 0;
  let total = 0;
  const poller = startPoller(sqsSource.run, { EventSourceArn: queue.arn, BatchSize: 1 }, async () => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, 300));
    running--;
    total++;
    return success();
  });
  await queues.send(queue.url, Array.from({ length: 10 }, (_, i) => ({ MessageBody: `m${i}` })));
  await until('all ran', () => total === 10);
  await poller.stop();
  assert.ok(most >= 5, `at most ${most} at once`);
});

test('throttled invocations are retried while the messages stay hidden', async () => {
  const queue = await queues.create('throttle', { VisibilityTimeout: '30' });
  const results: BatchInvokeResult[] = [];
  const poller = startPoller(sqsSource.run, { EventSourceArn: queue.arn, BatchSize: 1 }, async () => {
    const result: BatchInvokeResult = results.length < 2
      ? { kind: 'platform-error', requestId: 'r', error: new Error('Rate Exceeded.'), code: 'TooManyRequestsException', retryable: true }
      : success();
    results.push(result);
    return result;
  });
  await queues.send(queue.url, [{ MessageBody: 'throttled' }]);
  await until('deleted', async () => (await queues.remaining(queue.url)) === 0);
  assert.deepEqual(results.map((r) => r.kind), ['platform-error', 'platform-error', 'success']);
  await poller.stop();
});

test('a missing queue is reported in AWS\'s words and read once it exists', async () => {
  const arn = 'arn:aws:sqs:us-east-1:123456789012:appears-later';
  const events: Event[] = [];
  const poller = startPoller(sqsSource.run, { EventSourceArn: arn, BatchSize: 1 }, async (event) => {
    events.push(event);
    return success();
  });
  await until('the error is reported', () => poller.reports.sourceErrors.length > 0);
  assert.match(poller.reports.sourceErrors[0]!, /^Error occurred while GetQueueUrl\. SQS Error Code: AWS\.SimpleQueueService\.NonExistentQueue\. SQS Error Message: The specified queue does not exist\.?$/);
  const { CreateQueueCommand } = await import('@aws-sdk/client-sqs');
  const { QueueUrl } = await queues.sqs.send(new CreateQueueCommand({ QueueName: 'appears-later' }));
  await queues.send(QueueUrl!, [{ MessageBody: 'late' }]);
  await until('the message ran', () => events.length === 1, 60_000);
  assert.equal(poller.reports.sourceErrors.at(-1), undefined);
  await poller.stop();
});

test('FIFO: each group in order, one batch per group at a time; a failed group waits for its failed messages', async () => {
  const queue = await queues.create('ordered', { FifoQueue: 'true', ContentBasedDeduplication: 'true', VisibilityTimeout: '2' });
  const seen: string[] = [];
  const inFlight = new Set<string>();
  let overlap = false;
  let failedOnce = false;
  const poller = startPoller(sqsSource.run, {
    EventSourceArn: queue.arn, BatchSize: 2, FunctionResponseTypes: ['ReportBatchItemFailures'],
  }, async (event) => {
    const groups = new Set(event.Records.map((r) => r.attributes.MessageGroupId as string));
    for (const g of groups) if (inFlight.has(g)) overlap = true;
    groups.forEach((g) => inFlight.add(g));
    await new Promise((r) => setTimeout(r, 50));
    groups.forEach((g) => inFlight.delete(g));
    const failures: Array<{ itemIdentifier: string }> = [];
    for (const r of event.Records) {
      if (r.body === 'a2' && !failedOnce) {
        failedOnce = true;
        failures.push({ itemIdentifier: r.messageId });
      }
    }
    for (const r of event.Records) if (!failures.some((f) => f.itemIdentifier === r.messageId) || r.body !== 'a2') seen.push(r.body);
    return success({ batchItemFailures: failures });
  });
  const entries = [];
  for (let i = 1; i <= 4; i++) for (const g of ['a', 'b']) entries.push({ MessageBody: `${g}${i}`, MessageGroupId: g });
  await queues.send(queue.url, entries);
  await until('the queue is empty', async () => (await queues.remaining(queue.url)) === 0, 60_000);
  await poller.stop();
  assert.equal(overlap, false);
  // What a group's function saw after the failure, in order: nothing of a3/a4 before a2 came back.
  const ofGroup = (g: string) => seen.filter((b) => b.startsWith(g));
  assert.deepEqual(ofGroup('b'), ['b1', 'b2', 'b3', 'b4']);
  const a = ofGroup('a');
  assert.equal(a[0], 'a1');
  assert.deepEqual(a.slice(a.indexOf('a2')), ['a2', 'a3', 'a4'].slice(0, a.length - a.indexOf('a2')));
  assert.ok(a.filter((b) => b === 'a2').length === 1 && a.includes('a3') && a.includes('a4'), JSON.stringify(seen));
});

test('stopping returns promptly while pollers are long-polling an empty queue', async () => {
  const queue = await queues.create('idle');
  const poller = startPoller(sqsSource.run, { EventSourceArn: queue.arn }, async () => success());
  await new Promise((r) => setTimeout(r, 500));
  const took = await poller.stop();
  // Waiting the 20 s long polls out would take 19.5 s or more; aborting them takes far less, even under load.
  assert.ok(took < 10_000, `stopped after ${took} ms`);
});

test('lag is the age of the oldest message received and not finished, and 0 once caught up', async () => {
  const queue = await queues.create('lag');
  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  const poller = startPoller(sqsSource.run, { EventSourceArn: queue.arn, BatchSize: 1 }, async () => {
    await held;
    return success();
  });
  await queues.send(queue.url, [{ MessageBody: 'slow' }]);
  await until('the lag grows while the message runs', () => poller.reports.lag.some((ms) => ms >= 1_000));
  release();
  await until('caught up', async () => poller.reports.lag.at(-1) === 0 && (await queues.remaining(queue.url)) === 0);
  await poller.stop();
});
