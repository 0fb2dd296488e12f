/**
 * A Kinesis mapping end to end against moto: the event a function gets field by field, each
 * StartingPosition, order per shard over several shards, FilterCriteria on the decoded data, and what
 * the status endpoint counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startMoto } from '../../support/moto.js';
import { startLambkin } from '../../support/server.js';
import { until } from '../../support/timing.js';
import { ROLE, Streams, createMapping, dataOf, deployLogger, eventsOf, eventsWithRecords, mappingStatus } from './helpers.js';

const moto = await startMoto();
const streams = new Streams(moto);
const server = await startLambkin({ env: moto.env });
const client = server.client();

test('the event is AWS\'s, field by field', async () => {
  const arn = await streams.create('shape');
  await deployLogger(client, 'shape-fn');
  const before = Date.now();
  const put = await streams.put('shape', 'hello', 'test_0');
  const uuid = await createMapping(client, { FunctionName: 'shape-fn', EventSourceArn: arn, StartingPosition: 'TRIM_HORIZON' });
  const [event] = await eventsWithRecords(server.url, 'shape-fn', 1);
  assert.deepEqual(Object.keys(event), ['Records']);
  const [record] = event.Records;
  const arrival = record.kinesis.approximateArrivalTimestamp;
  assert.equal(typeof arrival, 'number');
  assert.equal(Math.floor(Math.log10(arrival)), 9, 'seconds, not milliseconds');
  assert.ok(arrival * 1000 >= before - 1000 && arrival * 1000 <= Date.now(), String(arrival));
  assert.deepEqual(record, {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: 'test_0',
      sequenceNumber: put.SequenceNumber,
      data: Buffer.from('hello').toString('base64'),
      approximateArrivalTimestamp: arrival,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${put.ShardId}:${put.SequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: ROLE,
    awsRegion: 'us-east-1',
    eventSourceARN: arn,
  });
  assert.deepEqual(Object.keys(record), ['kinesis', 'eventSource', 'eventVersion', 'eventID', 'eventName', 'invokeIdentityArn', 'awsRegion', 'eventSourceARN']);
  await until('the status shows the record', async () => {
    const status = await mappingStatus(server.url, uuid);
    return status.source === 'kinesis' && status.counts.received === 1 && status.lagMs === 0;
  });
});

test('TRIM_HORIZON reads what the stream held; LATEST only what comes after the mapping started; AT_TIMESTAMP from its time', async () => {
  const arn = await streams.create('positions');
  await streams.put('positions', { n: 'old' });
  await new Promise((r) => setTimeout(r, 1100));
  const between = Math.floor(Date.now() / 1000);
  await new Promise((r) => setTimeout(r, 1100));
  await streams.put('positions', { n: 'recent' });

  await deployLogger(client, 'trim-fn');
  await deployLogger(client, 'latest-fn');
  await deployLogger(client, 'at-fn');
  await createMapping(client, { FunctionName: 'trim-fn', EventSourceArn: arn, StartingPosition: 'TRIM_HORIZON' });
  await createMapping(client, { FunctionName: 'at-fn', EventSourceArn: arn, StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: new Date(between * 1000) });
  const latest = await createMapping(client, { FunctionName: 'latest-fn', EventSourceArn: arn, StartingPosition: 'LATEST' });
  // LATEST begins where the stream was when its poller first started.
  await until('the LATEST poller runs', async () => (await mappingStatus(server.url, latest)).poller.state === 'running');
  await streams.put('positions', { n: 'new' });

  const trim = (await eventsWithRecords(server.url, 'trim-fn', 3)).flatMap((e) => e.Records.map(dataOf));
  assert.deepEqual(trim, [{ n: 'old' }, { n: 'recent' }, { n: 'new' }]);
  const at = (await eventsWithRecords(server.url, 'at-fn', 2)).flatMap((e) => e.Records.map(dataOf));
  assert.deepEqual(at, [{ n: 'recent' }, { n: 'new' }]);
  const late = (await eventsWithRecords(server.url, 'latest-fn', 1)).flatMap((e) => e.Records.map(dataOf));
  assert.deepEqual(late, [{ n: 'new' }]);
});

test('every shard is read, in order per shard, in batches of BatchSize from one shard', async () => {
  const arn = await streams.create('ordered', 3);
  const keys = await streams.hashKeys('ordered');
  await deployLogger(client, 'ordered-fn');
  const sent = new Map<string, number[]>();
  for (let i = 0; i < 45; i++) {
    const [shardId, hashKey] = [...keys][i % 3]!;
    await streams.put('ordered', { i }, `k${i}`, hashKey);
    sent.set(shardId, [...(sent.get(shardId) ?? []), i]);
  }
  await createMapping(client, { FunctionName: 'ordered-fn', EventSourceArn: arn, BatchSize: 4 });
  const events = await eventsWithRecords(server.url, 'ordered-fn', 45);
  for (const event of events) {
    assert.ok(event.Records.length <= 4, `a batch of ${event.Records.length}`);
    assert.equal(new Set(event.Records.map((r: any) => r.eventID.split(':')[0])).size, 1, 'one shard per batch');
  }
  const records = events.flatMap((e) => e.Records);
  assert.equal(records.length, 45);
  for (const [shardId, expected] of sent) {
    const got = records.filter((r) => r.eventID.startsWith(`${shardId}:`)).map((r) => dataOf(r).i);
    assert.deepEqual(got, expected, shardId);
  }
});

test('FilterCriteria matches the decoded data; filtered-out records are skipped and counted', async () => {
  const arn = await streams.create('filtered');
  await deployLogger(client, 'filtered-fn');
  const uuid = await createMapping(client, {
    FunctionName: 'filtered-fn', EventSourceArn: arn, BatchSize: 10,
    FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ data: { event_type: ['function_1'] } }) }] },
  });
  await streams.put('filtered', { event_type: 'function_2', message: 'bar' }, 'custom');
  await streams.put('filtered', 'not json', 'custom');
  await streams.put('filtered', { event_type: 'function_1', message: 'foo' }, 'custom');
  await streams.put('filtered', { event_type: 'function_1', message: 'baz' }, 'custom');
  const delivered = (await eventsWithRecords(server.url, 'filtered-fn', 2)).flatMap((e) => e.Records.map(dataOf));
  assert.deepEqual(delivered, [{ event_type: 'function_1', message: 'foo' }, { event_type: 'function_1', message: 'baz' }]);
  await until('the status counts them', async () => {
    const { counts } = await mappingStatus(server.url, uuid);
    return counts.received === 4 && counts.filtered === 2;
  });
  const records = (await eventsOf(server.url, 'filtered-fn')).flatMap((e) => e.Records);
  assert.equal(records.length, 2);
});
