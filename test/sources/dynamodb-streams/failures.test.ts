/**
 * Failing batches on DynamoDB Streams end to end: a function that raises is retried MaximumRetryAttempts
 * times and the batch goes to the OnFailure destination (SQS, SNS, S3) as AWS's record with
 * DDBStreamBatchInfo; ReportBatchItemFailures retries from the first failed record only.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { startLambkin } from '../../support/server.js';
import { startMoto } from '../../support/moto.js';
import { EVENTUALLY_MS } from '../../support/timing.js';
import { deploy } from '../../api/invoke/helpers.js';
import { Queues } from '../../async/helpers.js';
import { assertLikeRecording, recorded } from './recordings.js';
import {
  FAILING_FUNCTION, REPORTING_FUNCTION, Tables, createMapping, deliveredEvents, deliveredIds, eventsUntil, recorderFunction,
} from './harness.js';

const moto = await startMoto();
const tables = new Tables(moto);
const queues = new Queues(moto);
const s3 = new S3Client({ ...moto.clientOptions, forcePathStyle: true });
const sns = new SNSClient(moto.clientOptions);
after(() => { tables.destroy(); queues.destroy(); s3.destroy(); sns.destroy(); });
const server = await startLambkin({ env: moto.env });
const client = server.client();
const KEY = 'my_partition_key';

function body(message: { Body?: string }): Record<string, any> {
  return JSON.parse(message.Body!) as Record<string, any>;
}

/** Keys in alphabetical order all the way down: the S3 recording was saved that way. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]));
}

test('a function that always fails: two invocations with MaximumRetryAttempts 1, then the recorded record on the SQS queue', async () => {
  const queue = await queues.create('ddb-on-failure');
  const streamArn = await tables.create('failing', 'NEW_IMAGE', KEY);
  await deploy(client, 'failing-fn', FAILING_FUNCTION);
  const uuid = await createMapping(client, {
    FunctionName: 'failing-fn', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 1, MaximumBatchingWindowInSeconds: 1,
    MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Destination: queue.arn } },
  });
  await tables.put('failing', { [KEY]: { S: 'hello world' } });
  const [message] = await queues.take(queue.url, 1, EVENTUALLY_MS);
  const record = body(message!);
  const expected = recorded('test_dynamodb_event_source_mapping_with_on_failure_destination_config').destination_queue_messages.Messages[0].Body;
  assertLikeRecording(record, expected);
  assert.equal(record.requestContext.functionArn, `arn:aws:lambda:us-east-1:000000000000:function:failing-fn`);

  const events = await deliveredEvents(server.url, 'failing-fn');
  assert.equal(events.length, 2, 'the first invocation and one retry');
  const [delivered] = events[0]!.Records;
  assert.deepEqual(events[1], events[0], 'the retry carries the same batch');
  const info = record.DDBStreamBatchInfo;
  assert.equal(info.startSequenceNumber, delivered!.dynamodb.SequenceNumber);
  assert.equal(info.endSequenceNumber, delivered!.dynamodb.SequenceNumber);
  assert.equal(info.streamArn, streamArn);
  assert.match(info.shardId, /^shardId-/);
  const arrival = new Date(Math.floor(delivered!.dynamodb.ApproximateCreationDateTime) * 1000).toISOString().replace('.000Z', 'Z');
  assert.equal(info.approximateArrivalOfFirstRecord, arrival);
  assert.equal(info.approximateArrivalOfLastRecord, arrival);
  assert.ok(uuid);
  assert.deepEqual(await queues.drain(queue.url, 1_500), [], 'one record for one batch');
});

test('OnFailure to SNS: the topic gets the recorded record as its message', async () => {
  const topic = await sns.send(new CreateTopicCommand({ Name: 'ddb-failures' }));
  const queue = await queues.create('ddb-failures-via-sns');
  await sns.send(new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: 'sqs', Endpoint: queue.arn }));
  const streamArn = await tables.create('failing-sns', 'NEW_IMAGE', KEY);
  await deploy(client, 'failing-sns-fn', FAILING_FUNCTION);
  await createMapping(client, {
    FunctionName: 'failing-sns-fn', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 1, MaximumBatchingWindowInSeconds: 1,
    MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Destination: topic.TopicArn! } },
  });
  await tables.put('failing-sns', { [KEY]: { S: 'hello world' } });
  const [message] = await queues.take(queue.url, 1, EVENTUALLY_MS);
  const notification = body(message!);
  assert.equal(notification.TopicArn, topic.TopicArn);
  const expected = recorded('test_dynamodb_event_source_mapping_with_sns_on_failure_destination_config').failure_sns_message.Message;
  assertLikeRecording(JSON.parse(notification.Message as string), expected);
});

test('OnFailure to S3: the recorded record with the event as its payload, filed under the mapping and shard', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'ddb-failures' }));
  const streamArn = await tables.create('failing-s3', 'NEW_IMAGE', KEY);
  await deploy(client, 'failing-s3-fn', FAILING_FUNCTION);
  const uuid = await createMapping(client, {
    FunctionName: 'failing-s3-fn', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 1, MaximumBatchingWindowInSeconds: 1,
    MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Destination: 'arn:aws:s3:::ddb-failures' } },
  });
  await tables.put('failing-s3', { [KEY]: { S: 'hello world' } });
  const until = Date.now() + EVENTUALLY_MS;
  let key: string | undefined;
  while (!key) {
    if (Date.now() > until) throw new Error('no failure record in the bucket');
    key = (await s3.send(new ListObjectsV2Command({ Bucket: 'ddb-failures' }))).Contents?.[0]?.Key;
    if (!key) await new Promise((r) => setTimeout(r, 200));
  }
  const object = await s3.send(new GetObjectCommand({ Bucket: 'ddb-failures', Key: key }));
  const record = JSON.parse(await object.Body!.transformToString()) as Record<string, any>;
  const expected = recorded('test_dynamodb_event_source_mapping_with_s3_on_failure_destination').record_body;
  const { payload, ...rest } = record;
  const { payload: expectedPayload, ...expectedRest } = expected;
  assertLikeRecording(sorted(rest), sorted(expectedRest));
  assertLikeRecording(payload, expectedPayload, '$.payload', new Set(['SizeBytes']));
  assert.deepEqual(payload, (await deliveredEvents(server.url, 'failing-s3-fn'))[0], 'the payload is the event the function got');
  assert.ok(key.startsWith(`aws/lambda/${uuid}/${record.DDBStreamBatchInfo.shardId}/`), key);
});

test('ReportBatchItemFailures: records before the failed one run once, the failed one until its retries run out', async () => {
  const queue = await queues.create('ddb-item-failures');
  const streamArn = await tables.create('partial', 'NEW_IMAGE', KEY);
  await deploy(client, 'partial-fn', REPORTING_FUNCTION);
  await createMapping(client, {
    FunctionName: 'partial-fn', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 3, MaximumBatchingWindowInSeconds: 1,
    MaximumRetryAttempts: 3, DestinationConfig: { OnFailure: { Destination: queue.arn } }, FunctionResponseTypes: ['ReportBatchItemFailures'],
  });
  for (let i = 0; i < 6; i++) await tables.put('partial', { [KEY]: { S: `testId${i}` }, should_fail: { BOOL: i === 5 } });

  const [message] = await queues.take(queue.url, 1, EVENTUALLY_MS);
  const record = body(message!);
  assertLikeRecording(record, recorded('test_dynamodb_report_batch_item_failures').destination_queue_messages.Messages[0].Body);
  assert.equal(record.responseContext.functionError, null);
  assert.equal(record.requestContext.approximateInvokeCount, 4);

  const ids = deliveredIds(await deliveredEvents(server.url, 'partial-fn'), KEY);
  for (let i = 0; i < 5; i++) assert.equal(ids.filter((id) => id === `testId${i}`).length, 1, `testId${i} ran once: ${ids.join(', ')}`);
  assert.equal(ids.filter((id) => id === 'testId5').length, 4, `testId5 ran 1 + 3 times: ${ids.join(', ')}`);
  const failed = (await deliveredEvents(server.url, 'partial-fn')).flatMap((e) => e.Records).find((r) => r.dynamodb.Keys[KEY].S === 'testId5');
  assert.equal(record.DDBStreamBatchInfo.startSequenceNumber, failed!.dynamodb.SequenceNumber);
  assert.equal(record.DDBStreamBatchInfo.batchSize, 1);
});

test('ReportBatchItemFailures with an identifier that names no record fails the whole batch, as recorded', async () => {
  const queue = await queues.create('ddb-bad-identifier');
  const streamArn = await tables.create('bad-identifier', 'NEW_IMAGE', KEY);
  await deploy(client, 'bad-identifier-fn', recorderFunction('{ batchItemFailures: [{ itemIdentifier: "" }] }'));
  await createMapping(client, {
    FunctionName: 'bad-identifier-fn', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 3, MaximumBatchingWindowInSeconds: 1,
    MaximumRetryAttempts: 3, DestinationConfig: { OnFailure: { Destination: queue.arn } }, FunctionResponseTypes: ['ReportBatchItemFailures'],
  });
  await tables.put('bad-identifier', { [KEY]: { S: 'hello world' }, binary_key: { B: Buffer.from('foobar') } });
  const [message] = await queues.take(queue.url, 1, EVENTUALLY_MS);
  const scenario = recorded('test_dynamodb_report_batch_item_failure_scenarios[empty_string_item_identifier_failure]');
  assertLikeRecording(body(message!), scenario.destination_queue_messages.Messages[0].Body);
  const events = await deliveredEvents(server.url, 'bad-identifier-fn');
  assertLikeRecording(events, scenario.dynamodb_events, '$', new Set(['SizeBytes']));
});

test('ReportBatchItemFailures with an empty list is a success: one invocation, nothing retried', async () => {
  const streamArn = await tables.create('reported-ok', 'NEW_IMAGE', KEY);
  await deploy(client, 'reported-ok-fn', recorderFunction('{ batchItemFailures: [] }'));
  await createMapping(client, {
    FunctionName: 'reported-ok-fn', EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 1, MaximumBatchingWindowInSeconds: 0,
    MaximumRetryAttempts: 2, FunctionResponseTypes: ['ReportBatchItemFailures'],
  });
  await tables.put('reported-ok', { [KEY]: { S: 'hello world' }, binary_key: { B: Buffer.from('foobar') } });
  await tables.put('reported-ok', { [KEY]: { S: 'next' } });
  const events = await eventsUntil(server.url, 'reported-ok-fn', (e) => deliveredIds(e, KEY).includes('next'));
  assert.deepEqual(deliveredIds(events, KEY), ['hello world', 'next']);
  assertLikeRecording(events.slice(0, 1), recorded('test_dynamodb_report_batch_item_success_scenarios[empty_batch_item_failure_success]').dynamodb_events, '$', new Set(['SizeBytes']));
});
