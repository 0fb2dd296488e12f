/**
 * The shared shard poller against an in-memory stream: every shard in order, starting positions,
 * checkpoints a restart resumes from, filtering, resharding and a source that cannot be read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streamSource } from '../../../src/sources/streams/source.js';
import type { EventSourceMappingConfiguration } from '../../../src/model/types.generated.js';
import { MemoryCheckpoints, MemoryContext, MemoryStream, until } from './memory-stream.js';

function start(stream: MemoryStream, config: EventSourceMappingConfiguration, checkpoints?: MemoryCheckpoints) {
  const ctx = new MemoryContext(config, checkpoints);
  const source = streamSource({ name: 'memory', handles: () => true, makeAdapter: () => stream, idlePollMs: 5, relistMs: 50 });
  const done = source.run(ctx);
  return { ctx, done, stop: async () => { ctx.controller.abort(); await done; } };
}

test('every shard is read, each in order, in batches of BatchSize', async () => {
  const stream = new MemoryStream(3);
  const ids = [...stream.shards.keys()];
  for (let i = 0; i < 30; i++) stream.put(ids[i % 3]!, { i }, `k${i}`);
  const { ctx, stop } = start(stream, { BatchSize: 4 });
  await until(() => ctx.delivered().length === 30);
  await stop();
  for (const invocation of ctx.invocations) {
    assert.ok(invocation.records.length <= 4);
    const shards = new Set(invocation.records.map((r: any) => r.eventID.split(':')[0]));
    assert.equal(shards.size, 1, 'a batch holds records of one shard');
  }
  for (const id of ids) {
    const seen = ctx.invocations.flatMap((inv) => inv.records).filter((r: any) => r.eventID.startsWith(id)).map((r: any) => Number(r.kinesis.sequenceNumber));
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
    assert.equal(seen.length, 10);
  }
  assert.equal(ctx.report.counts.received, 30);
  assert.equal(ctx.report.counts.invoked, 30);
});

test('TRIM_HORIZON reads what was there, LATEST only what comes after the first poll, AT_TIMESTAMP from that time', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  const now = Date.now();
  stream.put(shard!, { n: 'old' }, 'k', now - 60_000);
  stream.put(shard!, { n: 'recent' }, 'k', now - 1_000);

  const trim = start(stream, { StartingPosition: 'TRIM_HORIZON' });
  await until(() => trim.ctx.delivered().length === 2);
  await trim.stop();
  assert.deepEqual(trim.ctx.delivered(), [{ n: 'old' }, { n: 'recent' }]);

  const atTime = start(stream, { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: (now - 5_000) / 1000 });
  await until(() => atTime.ctx.delivered().length === 1);
  await atTime.stop();
  assert.deepEqual(atTime.ctx.delivered(), [{ n: 'recent' }]);

  const latest = start(stream, { StartingPosition: 'LATEST' });
  await until(() => latest.ctx.checkpoints.values.has('stream'));
  stream.put(shard!, { n: 'new' }, 'k');
  await until(() => latest.ctx.delivered().length === 1);
  await latest.stop();
  assert.deepEqual(latest.ctx.delivered(), [{ n: 'new' }]);
});

test('a restart resumes after the last finished batch: nothing skipped, nothing finished redone', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  for (let i = 0; i < 10; i++) stream.put(shard!, { i });
  const checkpoints = new MemoryCheckpoints();
  const first = start(stream, { BatchSize: 2 }, checkpoints);
  // The third batch never finishes: the poller is stopped while the function runs.
  let release!: () => void;
  first.ctx.handler = (_event, n) => (n === 3 ? new Promise<void>((r) => { release = r; }) : null);
  await until(() => first.ctx.invocations.length === 3);
  await first.stop();
  release();
  assert.deepEqual(checkpoints.values.get('shard/shardId-000000000000'), { sequenceNumber: '4' });

  const second = start(stream, { BatchSize: 2 }, checkpoints);
  await until(() => second.ctx.delivered().length === 6);
  await second.stop();
  assert.deepEqual(second.ctx.delivered(), [4, 5, 6, 7, 8, 9].map((i) => ({ i })));
});

test('a LATEST mapping restarted later still reads what was sent while it was stopped', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  stream.put(shard!, { n: 'before' }, 'k', Date.now() - 10_000);
  const checkpoints = new MemoryCheckpoints();
  const first = start(stream, { StartingPosition: 'LATEST' }, checkpoints);
  await until(() => checkpoints.values.has('stream'));
  await first.stop();
  stream.put(shard!, { n: 'while stopped' });
  const second = start(stream, { StartingPosition: 'LATEST' }, checkpoints);
  await until(() => second.ctx.delivered().length === 1);
  await second.stop();
  assert.deepEqual(second.ctx.delivered(), [{ n: 'while stopped' }]);
});

test('filtered-out records are not delivered, counted, and checkpointed past', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  for (let i = 0; i < 6; i++) stream.put(shard!, { i, keep: i % 2 === 0 });
  const { ctx, stop } = start(stream, { BatchSize: 10 });
  ctx.filter = (candidate) => candidate.data.keep === true;
  await until(() => ctx.checkpoints.values.get('shard/shardId-000000000000') !== undefined
    && (ctx.checkpoints.values.get('shard/shardId-000000000000') as any).sequenceNumber === '6');
  await stop();
  assert.deepEqual(ctx.delivered(), [{ i: 0, keep: true }, { i: 2, keep: true }, { i: 4, keep: true }]);
  assert.equal(ctx.report.counts.filtered, 3);
  assert.equal(ctx.report.counts.received, 6);
});

test('resharding: children found after the first poll are read from their beginning, each after its parent', async () => {
  const stream = new MemoryStream(1);
  const [parent] = [...stream.shards.keys()];
  const { ctx, stop } = start(stream, { StartingPosition: 'LATEST', BatchSize: 1 });
  await until(() => ctx.checkpoints.values.has('stream'));
  for (let i = 0; i < 3; i++) stream.put(parent!, { from: `parent-${i}` });
  const [left, right] = stream.split(parent!);
  stream.put(left!, { from: 'left' });
  stream.put(right!, { from: 'right' });
  const [grandchild] = stream.split(left!);
  stream.put(grandchild!, { from: 'grandchild' });
  await until(() => ctx.delivered().length === 6);
  await stop();
  const order = ctx.delivered().map((d: any) => d.from as string);
  assert.deepEqual(order.slice(0, 3), ['parent-0', 'parent-1', 'parent-2']);
  assert.deepEqual([...order.slice(3)].sort(), ['grandchild', 'left', 'right']);
  assert.ok(order.indexOf('grandchild') > order.indexOf('left'));
  assert.deepEqual(ctx.checkpoints.values.get(`shard/${parent}`), { sequenceNumber: '3', finished: true });
  assert.equal((ctx.checkpoints.values.get(`shard/${left}`) as any).finished, true);
});

test('a child shard waits until its parent is read to the end', async () => {
  const stream = new MemoryStream(1);
  const [parent] = [...stream.shards.keys()];
  for (let i = 0; i < 4; i++) stream.put(parent!, { n: `parent-${i}` });
  const [child] = stream.split(parent!);
  stream.put(child!, { n: 'child' });
  const { ctx, stop } = start(stream, { BatchSize: 1 });
  await until(() => ctx.delivered().length === 5);
  await stop();
  assert.deepEqual(ctx.delivered(), [0, 1, 2, 3].map((i) => ({ n: `parent-${i}` })).concat([{ n: 'child' }]));
});

test('an unreadable stream is reported as a source error, and cleared once it reads again', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  const failure = new Error('Stream memory under account 000000000000 not found.');
  failure.name = 'ResourceNotFoundException';
  stream.failing = failure;
  const { ctx, stop } = start(stream, {});
  await until(() => ctx.report.sourceErrors.length > 0);
  assert.deepEqual(ctx.report.sourceErrors, ['ResourceNotFoundException: Stream memory under account 000000000000 not found.']);
  stream.failing = undefined;
  stream.put(shard!, { back: true });
  await until(() => ctx.delivered().length === 1, 10_000);
  await stop();
  assert.deepEqual(ctx.report.sourceErrors, ['ResourceNotFoundException: Stream memory under account 000000000000 not found.', undefined]);
  assert.equal(ctx.logs.filter((l) => l.includes('could not read')).length, 1);
});

test('a lost lease stops the poller with an error, and nothing more is invoked', async () => {
  const stream = new MemoryStream(2);
  const ids = [...stream.shards.keys()];
  const { ctx, done } = start(stream, { BatchSize: 1 });
  await until(() => ctx.checkpoints.values.has('stream'));
  ctx.checkpoints.refuse = true;
  stream.put(ids[0]!, { n: 1 });
  await assert.rejects(done, /could not save the stream checkpoint: lease lost/);
  const invoked = ctx.invocations.length;
  stream.put(ids[1]!, { n: 2 });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(ctx.invocations.length, invoked);
});

test('the batching window gathers records into one batch', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  const { ctx, stop } = start(stream, { BatchSize: 100, MaximumBatchingWindowInSeconds: 1 });
  await until(() => ctx.checkpoints.values.has('stream'));
  for (let i = 0; i < 5; i++) {
    stream.put(shard!, { i });
    await new Promise((r) => setTimeout(r, 50));
  }
  await until(() => ctx.delivered().length === 5, 5000);
  await stop();
  assert.equal(ctx.invocations.length, 1);
});

test('lag is the age of the oldest record not yet processed, 0 once caught up', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  stream.put(shard!, { old: true }, 'k', Date.now() - 30_000);
  const { ctx, stop } = start(stream, {});
  await until(() => ctx.delivered().length === 1);
  await until(() => ctx.report.lags.at(-1) === 0);
  await stop();
  assert.ok(Math.max(...ctx.report.lags) >= 30_000, String(ctx.report.lags));
});
