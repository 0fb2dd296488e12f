/**
 * Kinesis tumbling windows and ParallelizationFactor end to end against moto: state carried between
 * the invocations of a window and a final one that closes it; concurrent batches of one shard with
 * each partition key still in order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { startMoto } from '../../support/moto.js';
import { startLambkin } from '../../support/server.js';
import { makeZip } from '../../support/zip.js';
import { until } from '../../support/timing.js';
import { ROLE, Streams, createMapping, dataOf, deployLogger, eventsOf } from './helpers.js';

const moto = await startMoto();
const streams = new Streams(moto);
const server = await startLambkin({ env: moto.env });
const client = server.client();

test('a tumbling window carries the returned state to its next invocation and ends with a final one', async () => {
  const arn = await streams.create('windowed');
  await deployLogger(client, 'window-fn', '({ state: { count: (event.state.count || 0) + event.Records.length } })');
  await createMapping(client, { FunctionName: 'window-fn', EventSourceArn: arn, BatchSize: 2, TumblingWindowInSeconds: 2 });
  for (let i = 0; i < 3; i++) await streams.put('windowed', { i });
  let events: any[] = [];
  await until('a window is final', async () => {
    events = await eventsOf(server.url, 'window-fn');
    return events.some((e) => e.isFinalInvokeForWindow);
  });
  const firstWindow = events[0].window;
  const inFirst = events.filter((e) => e.window.start === firstWindow.start);
  const final = inFirst.find((e) => e.isFinalInvokeForWindow);
  assert.ok(final, 'the first window ends with a final invocation');
  assert.deepEqual(final.Records, []);
  const counted = inFirst.filter((e) => !e.isFinalInvokeForWindow).reduce((n, e) => n + e.Records.length, 0);
  assert.deepEqual(final.state, { count: counted });
  assert.deepEqual(inFirst[0].state, {});
  // Every invocation of a window gets what the one before it returned.
  let count = 0;
  for (const event of inFirst) {
    assert.deepEqual(event.state, count === 0 ? {} : { count });
    count += event.Records.length;
  }
  for (const event of events) {
    assert.deepEqual(Object.keys(event), ['Records', 'window', 'state', 'shardId', 'eventSourceARN', 'isFinalInvokeForWindow', 'isWindowTerminatedEarly']);
    assert.equal(event.eventSourceARN, arn);
    assert.equal(event.shardId, 'shardId-000000000000');
    assert.equal(event.isWindowTerminatedEarly, false);
    assert.match(event.window.start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(Date.parse(event.window.end) - Date.parse(event.window.start), 2000);
    assert.equal(Date.parse(event.window.start) % 2000, 0);
  }
  // Each record once, in a window its arrival falls in.
  const delivered = events.flatMap((e) => e.Records);
  assert.deepEqual(delivered.map((r) => dataOf(r).i), [0, 1, 2]);
  for (const event of events) {
    for (const record of event.Records) {
      const at = record.kinesis.approximateArrivalTimestamp * 1000;
      assert.ok(at >= Date.parse(event.window.start) && at < Date.parse(event.window.end));
    }
  }
});

test('ParallelizationFactor runs batches of one shard at once, each partition key in order', async () => {
  const arn = await streams.create('parallel');
  // Each invocation logs when it started and ended, and takes a while.
  await client.send(new CreateFunctionCommand({
    FunctionName: 'parallel-fn', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
    Code: { ZipFile: await makeZip({ 'index.js': `exports.handler = async (event) => {
  const start = Date.now();
  await new Promise((r) => setTimeout(r, 300));
  console.log("EVENT " + JSON.stringify({ start, end: Date.now(), Records: event.Records }));
  return null;
};` }) },
  }));
  for (let i = 0; i < 40; i++) await streams.put('parallel', { key: i % 8, i }, `key-${i % 8}`);
  await createMapping(client, { FunctionName: 'parallel-fn', EventSourceArn: arn, BatchSize: 2, ParallelizationFactor: 4 });
  let events: any[] = [];
  await until('every record is delivered', async () => {
    events = await eventsOf(server.url, 'parallel-fn');
    return events.reduce((n, e) => n + e.Records.length, 0) >= 40;
  }, 60_000);
  const overlapping = events.some((a) => events.some((b) => a !== b && a.start < b.end && b.start < a.end));
  assert.ok(overlapping, 'some batches of the shard ran at once');
  assert.ok(events.every((e) => e.Records.length <= 2));
  const records = events.sort((a, b) => a.start - b.start).flatMap((e) => e.Records.map(dataOf));
  assert.equal(records.length, 40);
  for (let key = 0; key < 8; key++) {
    const order = records.filter((r) => r.key === key).map((r) => r.i);
    assert.deepEqual(order, [...order].sort((a, b) => a - b), `key ${key}`);
  }
});
