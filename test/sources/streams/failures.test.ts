/**
 * Function errors on a stream: retries up to MaximumRetryAttempts, bisection that consumes no retry,
 * partial batch failures, records too old, and the failure record AWS sends to OnFailure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streamSource } from '../../../src/sources/streams/source.js';
import type { EventSourceMappingConfiguration } from '../../../src/model/types.generated.js';
import { MemoryContext, MemoryStream, STREAM_ARN, until } from './memory-stream.js';

const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:failures';

function start(stream: MemoryStream, config: EventSourceMappingConfiguration) {
  const ctx = new MemoryContext(config);
  const source = streamSource({ name: 'memory', handles: () => true, makeAdapter: () => stream, idlePollMs: 5, relistMs: 50 });
  const done = source.run(ctx);
  return { ctx, done, stop: async () => { ctx.controller.abort(); await done; } };
}

function fill(stream: MemoryStream, items: unknown[]): string {
  const [shard] = [...stream.shards.keys()];
  for (const item of items) stream.put(shard!, item);
  return shard!;
}

const dataOf = (records: any[]) => records.map((r) => JSON.parse(r.kinesis.data));

test('a failing batch is retried MaximumRetryAttempts times, then its failure record goes to OnFailure and the shard moves on', async () => {
  const stream = new MemoryStream(1);
  const arrival = Date.now();
  const [shard] = [...stream.shards.keys()];
  stream.put(shard!, { fail: true }, 'k', arrival);
  stream.put(shard!, { fail: false }, 'k', arrival + 5);
  const { ctx, stop } = start(stream, { BatchSize: 1, MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: QUEUE } } });
  ctx.handler = (event) => { if (JSON.parse(event.Records[0].kinesis.data).fail) throw new Error('boom'); return null; };
  await until(() => ctx.invocations.length === 4);
  await until(() => ctx.checkpoints.values.get(`shard/${shard}`) && (ctx.checkpoints.values.get(`shard/${shard}`) as any).sequenceNumber === '2');
  await stop();
  assert.deepEqual(ctx.invocations.map((i) => dataOf(i.records)), [[{ fail: true }], [{ fail: true }], [{ fail: true }], [{ fail: false }]]);
  assert.equal(ctx.failures.length, 1);
  const { destination, record, options } = ctx.failures[0]!;
  assert.equal(destination, QUEUE);
  assert.equal(options, undefined);
  assert.ok(!Number.isNaN(Date.parse(record.timestamp)));
  assert.deepEqual({ ...record, timestamp: 'date' }, {
    requestContext: { requestId: 'req-3', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: 'date',
    KinesisBatchInfo: {
      shardId: shard,
      startSequenceNumber: '1',
      endSequenceNumber: '1',
      approximateArrivalOfFirstRecord: new Date(arrival).toISOString(),
      approximateArrivalOfLastRecord: new Date(arrival).toISOString(),
      batchSize: 1,
      streamArn: STREAM_ARN,
    },
  });
  assert.equal(ctx.report.counts.discarded, 1);
});

test('an S3 destination gets the batch as payload, under AWS key layout', async () => {
  const stream = new MemoryStream(1);
  const shard = fill(stream, [{ n: 1 }]);
  const bucket = 'arn:aws:s3:::failed-batches';
  const { ctx, stop } = start(stream, { BatchSize: 1, MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: bucket } } });
  ctx.handler = () => { throw new Error('boom'); };
  await until(() => ctx.failures.length === 1);
  await stop();
  const { record, options } = ctx.failures[0]!;
  assert.deepEqual(record.payload, { Records: ctx.invocations[0]!.records });
  const day = record.timestamp.slice(0, 10).replace(/-/g, '/');
  const stamp = record.timestamp.slice(0, 19).replace(/:/g, '.');
  assert.match(options!.s3Key!, new RegExp(`^aws/lambda/mapping-uuid/${shard}/${day}/${stamp}-[0-9a-f-]{36}$`));
});

test('MaximumRetryAttempts -1 retries until the record is older than MaximumRecordAgeInSeconds', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  // Just under a minute old: it expires while it is retried.
  stream.put(shard!, { n: 1 }, 'k', Date.now() - 59_700);
  const { ctx, stop } = start(stream, { BatchSize: 1, MaximumRetryAttempts: -1, MaximumRecordAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: QUEUE } } });
  ctx.handler = () => { throw new Error('boom'); };
  await until(() => ctx.failures.length === 1, 10_000);
  await stop();
  const { record } = ctx.failures[0]!;
  assert.equal(record.requestContext.condition, 'RecordAgeExceeded');
  assert.equal(record.requestContext.approximateInvokeCount, ctx.invocations.length);
  assert.ok(ctx.invocations.length > 1);
  assert.equal(record.responseContext, undefined);
});

test('records already too old are given up without an invocation; the rest of the batch is delivered', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  stream.put(shard!, { n: 'expired' }, 'k', Date.now() - 120_000);
  for (let i = 1; i <= 3; i++) stream.put(shard!, { n: i });
  const { ctx, stop } = start(stream, { BatchSize: 10, MaximumRetryAttempts: 0, MaximumRecordAgeInSeconds: 60, DestinationConfig: { OnFailure: { Destination: QUEUE } } });
  await until(() => ctx.delivered().length === 3);
  await stop();
  assert.deepEqual(ctx.delivered(), [{ n: 1 }, { n: 2 }, { n: 3 }]);
  const { record } = ctx.failures[0]!;
  assert.equal(record.requestContext.condition, 'RecordAgeExceeded');
  assert.equal(record.requestContext.approximateInvokeCount, 1);
  assert.equal(record.KinesisBatchInfo.batchSize, 1);
  assert.equal(record.KinesisBatchInfo.startSequenceNumber, '1');
});

test('BisectBatchOnFunctionError halves a failing batch until the bad record is alone; halves consume no retry', async () => {
  const stream = new MemoryStream(1);
  fill(stream, [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ i, bad: i === 5 })));
  const { ctx, stop } = start(stream, { BatchSize: 8, BisectBatchOnFunctionError: true, MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Destination: QUEUE } } });
  ctx.handler = (event) => { if (dataOf(event.Records).some((d) => d.bad)) throw new Error('bad record'); return null; };
  await until(() => ctx.failures.length === 1);
  await until(() => ctx.invocations.length === 8);
  await stop();
  const sizes = ctx.invocations.map((i) => dataOf(i.records).map((d) => d.i));
  assert.deepEqual(sizes, [
    [0, 1, 2, 3, 4, 5, 6, 7],
    [0, 1, 2, 3], [4, 5, 6, 7],
    [4, 5], [4], [5], [5], [6, 7],
  ]);
  const { record } = ctx.failures[0]!;
  assert.equal(record.KinesisBatchInfo.batchSize, 1);
  assert.equal(record.KinesisBatchInfo.startSequenceNumber, '6');
  assert.equal(record.requestContext.approximateInvokeCount, 5);
});

test('ReportBatchItemFailures: checkpoint before the lowest failed record and retry from it', async () => {
  const stream = new MemoryStream(1);
  const shard = fill(stream, [0, 1, 2, 3, 4, 5].map((i) => ({ i, fail: i === 5 })));
  const { ctx, stop } = start(stream, {
    BatchSize: 3, MaximumRetryAttempts: 3, FunctionResponseTypes: ['ReportBatchItemFailures'], DestinationConfig: { OnFailure: { Destination: QUEUE } },
  });
  ctx.handler = (event) => ({
    batchItemFailures: event.Records.filter((r: any) => JSON.parse(r.kinesis.data).fail).map((r: any) => ({ itemIdentifier: r.kinesis.sequenceNumber })),
  });
  await until(() => ctx.failures.length === 1);
  await stop();
  assert.deepEqual(ctx.invocations.map((i) => dataOf(i.records).map((d) => d.i)), [[0, 1, 2], [3, 4, 5], [5], [5], [5]]);
  const { record } = ctx.failures[0]!;
  // As AWS recorded it: the whole run counted, only the failed record in the batch info, no function error.
  assert.equal(record.requestContext.approximateInvokeCount, 4);
  assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: null });
  assert.equal(record.KinesisBatchInfo.startSequenceNumber, '6');
  assert.equal(record.KinesisBatchInfo.batchSize, 1);
  assert.deepEqual(ctx.checkpoints.values.get(`shard/${shard}`), { sequenceNumber: '6' });
});

test('an invalid item failure answer fails the whole batch', async () => {
  const stream = new MemoryStream(1);
  fill(stream, [{ n: 1 }]);
  const { ctx, stop } = start(stream, {
    BatchSize: 1, MaximumRetryAttempts: 2, FunctionResponseTypes: ['ReportBatchItemFailures'], DestinationConfig: { OnFailure: { Destination: QUEUE } },
  });
  ctx.handler = () => ({ batchItemFailures: [{ itemIdentifier: '' }] });
  await until(() => ctx.failures.length === 1);
  await stop();
  assert.equal(ctx.invocations.length, 3);
  assert.equal(ctx.failures[0]!.record.requestContext.approximateInvokeCount, 3);
});

test('throttles are retried without counting against MaximumRetryAttempts', async () => {
  const stream = new MemoryStream(1);
  fill(stream, [{ n: 1 }]);
  const { ctx, stop } = start(stream, { BatchSize: 1, MaximumRetryAttempts: 0 });
  ctx.handler = (_event, n) => (n <= 2
    ? { kind: 'platform-error', requestId: `r${n}`, error: new Error('Rate Exceeded.'), code: 'TooManyRequestsException', retryable: true }
    : null);
  await until(() => ctx.invocations.length === 3);
  await stop();
  assert.equal(ctx.failures.length, 0);
  assert.equal(ctx.report.counts.discarded, 0);
});

test('ParallelizationFactor runs batches of a shard at once, keeping each partition key in order', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  for (let i = 0; i < 40; i++) stream.put(shard!, { key: `k${i % 8}`, i }, `k${i % 8}`);
  const { ctx, stop } = start(stream, { BatchSize: 2, ParallelizationFactor: 4 });
  let running = 0;
  let most = 0;
  ctx.handler = async () => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, 20));
    running -= 1;
    return null;
  };
  await until(() => ctx.delivered().length === 40, 10_000);
  await stop();
  assert.ok(most > 1, `at most ${most} batch at once`);
  assert.ok(most <= 4);
  for (let k = 0; k < 8; k++) {
    const order = ctx.delivered().filter((d: any) => d.key === `k${k}`).map((d: any) => d.i);
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
  }
});
