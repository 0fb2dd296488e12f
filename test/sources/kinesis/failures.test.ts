/**
 * Failing Kinesis batches end to end against moto: retries up to MaximumRetryAttempts, AWS's failure
 * record on an SQS queue, through an SNS topic and in an S3 bucket, bisection, and ReportBatchItemFailures.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startMoto } from '../../support/moto.js';
import { startLambkin } from '../../support/server.js';
import { Queues } from '../../async/helpers.js';
import { Streams, createMapping, dataOf, deployLogger, eventsOf, eventsWithRecords, fnArn } from './helpers.js';
import { until } from '../../support/timing.js';

const moto = await startMoto();
const streams = new Streams(moto);
const queues = new Queues(moto);
const sns = new SNSClient(moto.clientOptions);
const s3 = new S3Client({ ...moto.clientOptions, forcePathStyle: true });
after(() => { queues.destroy(); sns.destroy(); s3.destroy(); });
const server = await startLambkin({ env: moto.env });
const client = server.client();

/** Fails every batch holding a record whose data has `fail: true`. */
const FAIL_ON_FLAG = 'event.Records.some((r) => JSON.parse(Buffer.from(r.kinesis.data, "base64")).fail) ? new Error("intentional failure") : null';

function checkRecord(record: any, expected: { stream: string; put: { ShardId?: string; SequenceNumber?: string }; fn: string; count: number }) {
  const arrival = record.KinesisBatchInfo.approximateArrivalOfFirstRecord;
  assert.match(arrival, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.match(record.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.match(record.requestContext.requestId, /^[0-9a-f-]{36}$/);
  assert.deepEqual({ ...record, timestamp: 'date', requestContext: { ...record.requestContext, requestId: 'id' } }, {
    requestContext: { requestId: 'id', functionArn: fnArn(expected.fn), condition: 'RetryAttemptsExhausted', approximateInvokeCount: expected.count },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: 'date',
    KinesisBatchInfo: {
      shardId: expected.put.ShardId,
      startSequenceNumber: expected.put.SequenceNumber,
      endSequenceNumber: expected.put.SequenceNumber,
      approximateArrivalOfFirstRecord: arrival,
      approximateArrivalOfLastRecord: arrival,
      batchSize: 1,
      streamArn: expected.stream,
    },
    ...(record.payload ? { payload: record.payload } : {}),
  });
}

test('a failing batch is retried MaximumRetryAttempts times, its failure record goes to the SQS queue, and later records flow', async () => {
  const arn = await streams.create('retried');
  const queue = await queues.create('retried-failures');
  await deployLogger(client, 'retried-fn', FAIL_ON_FLAG);
  await createMapping(client, {
    FunctionName: 'retried-fn', EventSourceArn: arn, BatchSize: 1, MaximumRetryAttempts: 1,
    DestinationConfig: { OnFailure: { Destination: queue.arn } },
  });
  const put = await streams.put('retried', { input: 'hello', fail: true }, 'custom');
  await streams.put('retried', { input: 'next' }, 'custom');
  const [message] = await queues.take(queue.url, 1);
  checkRecord(JSON.parse(message!.Body!), { stream: arn, put, fn: 'retried-fn', count: 2 });
  const events = await eventsWithRecords(server.url, 'retried-fn', 3);
  assert.deepEqual(events.map((e) => dataOf(e.Records[0])), [{ input: 'hello', fail: true }, { input: 'hello', fail: true }, { input: 'next' }]);
  assert.deepEqual(await queues.drain(queue.url, 1_000), []);
});

test('an SNS topic as OnFailure destination publishes the record (here to a subscribed queue)', async () => {
  const arn = await streams.create('to-sns');
  const queue = await queues.create('sns-failures');
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'stream-failures' }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
  await deployLogger(client, 'to-sns-fn', FAIL_ON_FLAG);
  await createMapping(client, {
    FunctionName: 'to-sns-fn', EventSourceArn: arn, BatchSize: 1, MaximumRetryAttempts: 1,
    DestinationConfig: { OnFailure: { Destination: TopicArn! } },
  });
  const put = await streams.put('to-sns', { fail: true }, 'custom');
  const [message] = await queues.take(queue.url, 1);
  const notification = JSON.parse(message!.Body!);
  assert.equal(notification.Type, 'Notification');
  assert.equal(notification.TopicArn, TopicArn);
  checkRecord(JSON.parse(notification.Message), { stream: arn, put, fn: 'to-sns-fn', count: 2 });
});

test('an S3 bucket as OnFailure destination gets the record with the batch as payload, under AWS key layout', async () => {
  const arn = await streams.create('to-s3');
  await s3.send(new CreateBucketCommand({ Bucket: 'stream-failures' }));
  await deployLogger(client, 'to-s3-fn', FAIL_ON_FLAG);
  const uuid = await createMapping(client, {
    FunctionName: 'to-s3-fn', EventSourceArn: arn, BatchSize: 1, MaximumRetryAttempts: 1,
    DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::stream-failures' } },
  });
  const put = await streams.put('to-s3', { fail: true }, 'custom');
  let key = '';
  await until('the record is in the bucket', async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'stream-failures' }));
    key = listed.Contents?.[0]?.Key ?? '';
    return key !== '';
  });
  const object = await s3.send(new GetObjectCommand({ Bucket: 'stream-failures', Key: key }));
  const record = JSON.parse(await object.Body!.transformToString());
  checkRecord(record, { stream: arn, put, fn: 'to-s3-fn', count: 2 });
  const [invoked] = await eventsOf(server.url, 'to-s3-fn');
  assert.deepEqual(record.payload, invoked);
  const day = record.timestamp.slice(0, 10).replace(/-/g, '/');
  const stamp = record.timestamp.slice(0, 19).replace(/:/g, '.');
  assert.match(key, new RegExp(`^aws/lambda/${uuid}/${put.ShardId}/${day}/${stamp}-[0-9a-f-]{36}$`));
});

test('BisectBatchOnFunctionError isolates the bad record; the others are delivered', async () => {
  const arn = await streams.create('bisected');
  const queue = await queues.create('bisect-failures');
  await deployLogger(client, 'bisect-fn', FAIL_ON_FLAG);
  for (let i = 0; i < 8; i++) await streams.put('bisected', { i, fail: i === 5 }, `k${i}`);
  await createMapping(client, {
    FunctionName: 'bisect-fn', EventSourceArn: arn, BatchSize: 8, BisectBatchOnFunctionError: true, MaximumRetryAttempts: 0,
    DestinationConfig: { OnFailure: { Destination: queue.arn } },
  });
  const [message] = await queues.take(queue.url, 1);
  const record = JSON.parse(message!.Body!);
  assert.equal(record.KinesisBatchInfo.batchSize, 1);
  assert.equal(record.requestContext.approximateInvokeCount, 4);
  const batches = (await eventsWithRecords(server.url, 'bisect-fn', 8 + 4 + 2 + 1 + 1 + 2)).map((e) => e.Records.map((r: any) => dataOf(r).i));
  assert.deepEqual(batches, [[0, 1, 2, 3, 4, 5, 6, 7], [0, 1, 2, 3], [4, 5, 6, 7], [4, 5], [4], [5], [6, 7]]);
});

test('ReportBatchItemFailures: the batch is retried from the lowest failed record, which alone is given up', async () => {
  const arn = await streams.create('partial');
  const queue = await queues.create('partial-failures');
  await deployLogger(client, 'partial-fn',
    '({ batchItemFailures: event.Records.filter((r) => JSON.parse(Buffer.from(r.kinesis.data, "base64")).should_fail).map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })) })');
  const puts = [];
  for (let i = 0; i < 6; i++) puts.push(await streams.put('partial', { should_fail: i === 5 }, `test_${i}`));
  await createMapping(client, {
    FunctionName: 'partial-fn', EventSourceArn: arn, BatchSize: 3, MaximumRetryAttempts: 3, MaximumBatchingWindowInSeconds: 1,
    FunctionResponseTypes: ['ReportBatchItemFailures'], DestinationConfig: { OnFailure: { Destination: queue.arn } },
  });
  const [message] = await queues.take(queue.url, 1);
  const record = JSON.parse(message!.Body!);
  // As AWS recorded it: four invocations carried the failed record, and no function error is named.
  assert.equal(record.requestContext.approximateInvokeCount, 4);
  assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: null });
  assert.equal(record.KinesisBatchInfo.startSequenceNumber, puts[5]!.SequenceNumber);
  assert.equal(record.KinesisBatchInfo.batchSize, 1);
  const batches = (await eventsWithRecords(server.url, 'partial-fn', 9)).map((e) => e.Records.map((r: any) => r.kinesis.partitionKey));
  assert.deepEqual(batches, [['test_0', 'test_1', 'test_2'], ['test_3', 'test_4', 'test_5'], ['test_5'], ['test_5'], ['test_5']]);
});

test('an invalid item failure answer (an empty itemIdentifier) fails the whole batch', async () => {
  const arn = await streams.create('bad-answer');
  const queue = await queues.create('bad-answer-failures');
  await deployLogger(client, 'bad-answer-fn', '({ batchItemFailures: [{ itemIdentifier: "" }] })');
  await createMapping(client, {
    FunctionName: 'bad-answer-fn', EventSourceArn: arn, BatchSize: 1, MaximumRetryAttempts: 2,
    FunctionResponseTypes: ['ReportBatchItemFailures'], DestinationConfig: { OnFailure: { Destination: queue.arn } },
  });
  await streams.put('bad-answer', 'hello', 'test');
  const [message] = await queues.take(queue.url, 1);
  const record = JSON.parse(message!.Body!);
  assert.equal(record.requestContext.approximateInvokeCount, 3);
  assert.equal(record.responseContext.functionError, null);
  assert.equal((await eventsOf(server.url, 'bad-answer-fn')).length, 3);
});
