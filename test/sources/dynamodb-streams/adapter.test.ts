/**
 * The adapter against a real DynamoDB Streams API (moto), reached as Lambkin reaches it: through
 * AWS_ENDPOINT_URL and the stream ARN's region. Paging and resharding, which moto's single shard never
 * shows, are checked against a stand-in client answering as DynamoDB documents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, type _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { startMoto } from '../../support/moto.js';
import { dynamoDbStreamsAdapter, type StreamsClient } from '../../../src/sources/dynamodb-streams/adapter.js';
import { compileFilterCriteria } from '../../../src/sources/filter/index.js';
import { assertLikeRecording, recorded } from './recordings.js';
import { FILTER_CASES } from './filter-cases.js';

const moto = await startMoto();
Object.assign(process.env, moto.env);
const signal = new AbortController().signal;

async function tableWithStream(name: string, region = 'us-east-1', viewType: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES' = 'NEW_AND_OLD_IMAGES') {
  const ddb = new DynamoDBClient({ ...moto.clientOptions, region });
  const out = await ddb.send(new CreateTableCommand({
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
    StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
  }));
  return { ddb, streamArn: out.TableDescription!.LatestStreamArn! };
}

async function readAll(adapter: ReturnType<typeof dynamoDbStreamsAdapter>, iterator: string, limit = 100): Promise<StreamRecord[]> {
  const page = await adapter.read(iterator, limit, signal);
  return page.records;
}

test('one open shard; TRIM_HORIZON reads INSERT, MODIFY and REMOVE as AWS delivers them', async () => {
  const { ddb, streamArn } = await tableWithStream('orders');
  await ddb.send(new PutItemCommand({ TableName: 'orders', Item: { id: { S: 'id_value' } } }));
  await ddb.send(new UpdateItemCommand({
    TableName: 'orders', Key: { id: { S: 'id_value' } }, UpdateExpression: 'SET id2 = :v', ExpressionAttributeValues: { ':v': { S: 'id2_new_value' } },
  }));
  await ddb.send(new DeleteItemCommand({ TableName: 'orders', Key: { id: { S: 'id_value' } } }));

  const adapter = dynamoDbStreamsAdapter({ streamArn });
  assert.equal(adapter.eventSource, 'aws:dynamodb');
  const shards = await adapter.listShards(signal);
  assert.equal(shards.length, 1);
  assert.deepEqual(Object.keys(shards[0]!), ['shardId']);

  const records = await readAll(adapter, await adapter.iterator(shards[0]!.shardId, { type: 'TRIM_HORIZON' }, signal));
  const events = records.map((r) => adapter.eventRecord(r));
  assert.deepEqual(events.map((e) => e.eventName), ['INSERT', 'MODIFY', 'REMOVE']);

  const [insert] = recorded('test_dynamodb_event_filter[content_or_filter]')['lambda-log-events'][0].Records;
  const [, modify] = recorded('test_dynamodb_event_filter[content_or_filter]')['lambda-multiple-log-events'].map((e: any) => e.Records[0]);
  const ignoreSize = new Set(['SizeBytes']); // the stream's own count: moto's is not DynamoDB's
  assertLikeRecording(events[0], insert, '$', ignoreSize);
  assertLikeRecording(events[1], modify, '$', ignoreSize);
  assert.deepEqual(events[2]!.dynamodb, {
    ApproximateCreationDateTime: (events[2]!.dynamodb as any).ApproximateCreationDateTime,
    Keys: { id: { S: 'id_value' } },
    OldImage: { id: { S: 'id_value' }, id2: { S: 'id2_new_value' } },
    SequenceNumber: adapter.sequenceNumber(records[2]!),
    SizeBytes: (events[2]!.dynamodb as any).SizeBytes,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  });
  for (const [i, event] of events.entries()) {
    assert.equal(event.eventSourceARN, streamArn);
    assert.equal(event.awsRegion, 'us-east-1');
    assert.equal(event.eventVersion, '1.1');
    assert.equal(typeof (event.dynamodb as any).SizeBytes, 'number');
    const seconds = (event.dynamodb as any).ApproximateCreationDateTime as number;
    assert.ok(Math.abs(seconds * 1000 - Date.now()) < 60_000, `creation time ${seconds} is now, in seconds`);
    assert.equal(adapter.arrivalTime(records[i]!), Math.round(seconds * 1000));
  }
  // Sequence numbers grow within the shard.
  const numbers = records.map((r) => BigInt(adapter.sequenceNumber(r)));
  assert.ok(numbers[0]! < numbers[1]! && numbers[1]! < numbers[2]!);
  // AWS filters the record as the function sees it.
  assert.equal(adapter.filterCandidate(events[0]!), events[0]);
});

test('LATEST starts after what is in the stream; AT and AFTER a sequence number start there', async () => {
  const { ddb, streamArn } = await tableWithStream('positions');
  const put = (id: string) => ddb.send(new PutItemCommand({ TableName: 'positions', Item: { id: { S: id } } }));
  await put('before-1');
  await put('before-2');
  const adapter = dynamoDbStreamsAdapter({ streamArn });
  const [shard] = await adapter.listShards(signal);
  const latest = await adapter.iterator(shard!.shardId, { type: 'LATEST' }, signal);
  await put('after');
  const keys = (records: StreamRecord[]) => records.map((r) => r.dynamodb!.Keys!.id!.S);
  assert.deepEqual(keys(await readAll(adapter, latest)), ['after']);

  const all = await readAll(adapter, await adapter.iterator(shard!.shardId, { type: 'TRIM_HORIZON' }, signal));
  assert.deepEqual(keys(all), ['before-1', 'before-2', 'after']);
  const second = adapter.sequenceNumber(all[1]!);
  const at = await adapter.iterator(shard!.shardId, { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: second }, signal);
  assert.deepEqual(keys(await readAll(adapter, at)), ['before-2', 'after']);
  const afterSecond = await adapter.iterator(shard!.shardId, { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: second }, signal);
  assert.deepEqual(keys(await readAll(adapter, afterSecond)), ['after']);
});

test('a read takes at most the limit, and its next iterator goes on from there', async () => {
  const { ddb, streamArn } = await tableWithStream('paged');
  for (const id of ['a', 'b', 'c']) await ddb.send(new PutItemCommand({ TableName: 'paged', Item: { id: { S: id } } }));
  const adapter = dynamoDbStreamsAdapter({ streamArn });
  const [shard] = await adapter.listShards(signal);
  const first = await adapter.read(await adapter.iterator(shard!.shardId, { type: 'TRIM_HORIZON' }, signal), 2, signal);
  assert.deepEqual(first.records.map((r) => r.dynamodb!.Keys!.id!.S), ['a', 'b']);
  assert.equal(first.millisBehindLatest, undefined);
  const second = await adapter.read(first.nextIterator!, 2, signal);
  assert.deepEqual(second.records.map((r) => r.dynamodb!.Keys!.id!.S), ['c']);
  const third = await adapter.read(second.nextIterator!, 2, signal);
  assert.deepEqual(third.records, []);
  assert.ok(third.nextIterator, 'an open shard always has a next iterator');
});

test("a stream in another region is read in the ARN's region, and its records say so", async () => {
  const { ddb, streamArn } = await tableWithStream('far-away', 'eu-west-1', 'NEW_IMAGE');
  assert.match(streamArn, /^arn:aws:dynamodb:eu-west-1:/);
  await ddb.send(new PutItemCommand({ TableName: 'far-away', Item: { id: { S: 'x' }, binary_key: { B: Buffer.from('foobar') } } }));
  const adapter = dynamoDbStreamsAdapter({ streamArn });
  const [shard] = await adapter.listShards(signal);
  const [record] = await readAll(adapter, await adapter.iterator(shard!.shardId, { type: 'TRIM_HORIZON' }, signal));
  const event = adapter.eventRecord(record!);
  assert.equal(event.awsRegion, 'eu-west-1');
  assert.deepEqual((event.dynamodb as any).NewImage, { id: { S: 'x' }, binary_key: { B: 'Zm9vYmFy' } });
  assert.equal((event.dynamodb as any).StreamViewType, 'NEW_IMAGE');
});

test('AT_TIMESTAMP, which DynamoDB lacks, reads from the start and leaves out what was written before', async () => {
  const { ddb, streamArn } = await tableWithStream('timestamps');
  const put = (id: string) => ddb.send(new PutItemCommand({ TableName: 'timestamps', Item: { id: { S: id } } }));
  await put('old-1');
  await put('old-2');
  // DynamoDB's creation times are to the second: the start is cut at a second the old records are not in.
  await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
  const timestamp = new Date();
  await put('new-1');
  await put('new-2');

  const adapter = dynamoDbStreamsAdapter({ streamArn });
  const [shard] = await adapter.listShards(signal);
  const keys = (records: StreamRecord[]) => records.map((r) => r.dynamodb!.Keys!.id!.S);
  const whole = await adapter.read(await adapter.iterator(shard!.shardId, { type: 'AT_TIMESTAMP', timestamp }, signal), 100, signal);
  assert.deepEqual(keys(whole.records), ['new-1', 'new-2']);
  // Read one at a time, the cut carries over pages of old records only.
  let iterator = await adapter.iterator(shard!.shardId, { type: 'AT_TIMESTAMP', timestamp }, signal);
  const pages: Array<Array<string | undefined>> = [];
  for (let i = 0; i < 4; i++) {
    const page = await adapter.read(iterator, 1, signal);
    pages.push(keys(page.records));
    iterator = page.nextIterator!;
  }
  assert.deepEqual(pages, [[], [], ['new-1'], ['new-2']]);
});

test("a stream that does not exist fails with the service's own error, for the poller to report", async () => {
  const adapter = dynamoDbStreamsAdapter({ streamArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/missing/stream/2024-01-01T00:00:00.000' });
  await assert.rejects(adapter.listShards(signal), (err: Error) => err.name === 'ResourceNotFoundException');
});

test('an aborted signal stops a call', async () => {
  const { streamArn } = await tableWithStream('aborted');
  const adapter = dynamoDbStreamsAdapter({ streamArn });
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(adapter.listShards(controller.signal), (err: Error) => err.name === 'AbortError');
});

test('not a stream ARN: no adapter', () => {
  assert.throws(() => dynamoDbStreamsAdapter({ streamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/s' }), /not a DynamoDB stream ARN/);
});

/** A stand-in answering DescribeStream in pages of two shards, and GetRecords at the end of a closed shard. */
function resharded(): { client: StreamsClient; describeCalls: Array<Record<string, unknown>> } {
  const shards = [
    { ShardId: 'shardId-1', SequenceNumberRange: { StartingSequenceNumber: '100', EndingSequenceNumber: '199' } },
    { ShardId: 'shardId-2', SequenceNumberRange: { StartingSequenceNumber: '200', EndingSequenceNumber: '299' } },
    { ShardId: 'shardId-3', ParentShardId: 'shardId-1', SequenceNumberRange: { StartingSequenceNumber: '300' } },
    { ShardId: 'shardId-4', ParentShardId: 'shardId-2', SequenceNumberRange: { StartingSequenceNumber: '400' } },
    { ShardId: 'shardId-5', ParentShardId: 'shardId-4', SequenceNumberRange: { StartingSequenceNumber: '500' } },
  ];
  const describeCalls: Array<Record<string, unknown>> = [];
  const client = {
    async send(command: unknown) {
      if (command instanceof DescribeStreamCommand) {
        describeCalls.push({ ...command.input });
        const start = command.input.ExclusiveStartShardId ? shards.findIndex((s) => s.ShardId === command.input.ExclusiveStartShardId) + 1 : 0;
        const page = shards.slice(start, start + 2);
        const more = start + 2 < shards.length;
        return { StreamDescription: { Shards: page, ...(more ? { LastEvaluatedShardId: page[page.length - 1]!.ShardId } : {}) } };
      }
      if (command instanceof GetRecordsCommand) return { Records: [] };
      throw new Error('unexpected command');
    },
  } as unknown as StreamsClient;
  return { client, describeCalls };
}

test('every page of shards is listed, with parents and the ends of closed shards', async () => {
  const { client, describeCalls } = resharded();
  const adapter = dynamoDbStreamsAdapter({ streamArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/label', client });
  assert.deepEqual(await adapter.listShards(signal), [
    { shardId: 'shardId-1', endingSequenceNumber: '199' },
    { shardId: 'shardId-2', endingSequenceNumber: '299' },
    { shardId: 'shardId-3', parentShardId: 'shardId-1' },
    { shardId: 'shardId-4', parentShardId: 'shardId-2' },
    { shardId: 'shardId-5', parentShardId: 'shardId-4' },
  ]);
  assert.deepEqual(describeCalls.map((c) => c.ExclusiveStartShardId), [undefined, 'shardId-2', 'shardId-4']);
  assert.ok(describeCalls.every((c) => c.Limit === 100));
});

test('a closed shard read to its end has no next iterator', async () => {
  const { client } = resharded();
  const adapter = dynamoDbStreamsAdapter({ streamArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/label', client });
  assert.deepEqual(await adapter.read('iterator', 5000, signal), { records: [] });
});

test('the recorded filter cases: records read from the stream pass the patterns AWS let through, and only those', async () => {
  for (const [n, { id, items, pattern }] of FILTER_CASES.entries()) {
    const table = `filtered-${n}`;
    const { ddb, streamArn } = await tableWithStream(table);
    for (const item of items) await ddb.send(new PutItemCommand({ TableName: table, Item: item }));
    const adapter = dynamoDbStreamsAdapter({ streamArn });
    const [shard] = await adapter.listShards(signal);
    const records = await readAll(adapter, await adapter.iterator(shard!.shardId, { type: 'TRIM_HORIZON' }, signal));
    const passes = compileFilterCriteria({ Filters: [{ Pattern: JSON.stringify(pattern) }] }, 'dynamodb-streams');
    const delivered = records.map((r) => adapter.eventRecord(r)).filter((e) => passes(adapter.filterCandidate(e)));
    const expected = recorded(`test_dynamodb_event_filter[${id}]`)['lambda-multiple-log-events'].map((e: any) => e.Records[0]);
    assert.equal(delivered.length, expected.length, `${id}: delivered ${JSON.stringify(delivered.map((e) => e.eventName))}`);
    delivered.forEach((event, i) => assertLikeRecording(event, expected[i], `${id}[${i}]`, new Set(['SizeBytes'])));
  }
});
