/** Tumbling windows: state carried from invocation to invocation, the final invocation, and a restart inside a window. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streamSource } from '../../../src/sources/streams/source.js';
import type { EventSourceMappingConfiguration } from '../../../src/model/types.generated.js';
import { MemoryCheckpoints, MemoryContext, MemoryStream, STREAM_ARN, until } from './memory-stream.js';

function start(stream: MemoryStream, config: EventSourceMappingConfiguration, checkpoints?: MemoryCheckpoints) {
  const ctx = new MemoryContext(config, checkpoints);
  const source = streamSource({ name: 'memory', handles: () => true, makeAdapter: () => stream, idlePollMs: 5, relistMs: 50 });
  const done = source.run(ctx);
  return { ctx, done, stop: async () => { ctx.controller.abort(); await done; } };
}

const counting = (event: any) => ({ state: { count: (event.state.count ?? 0) + event.Records.length } });
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

test('state returned by one invocation is the next one\'s, and a final invocation closes each window', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  const windowStart = Math.floor(Date.now() / 60_000) * 60_000 - 120_000;
  // Two windows long past: three records in the first, one in the second.
  for (const offset of [1_000, 2_000, 3_000, 61_000]) stream.put(shard!, { offset }, 'k', windowStart + offset);
  const { ctx, stop } = start(stream, { BatchSize: 2, TumblingWindowInSeconds: 60 });
  ctx.handler = counting;
  await until(() => ctx.invocations.filter((i) => i.event.isFinalInvokeForWindow).length === 2);
  await stop();
  const seen = ctx.invocations.map((i) => ({
    records: i.records.length, state: i.event.state, final: i.event.isFinalInvokeForWindow, window: i.event.window,
  }));
  const first = { start: iso(windowStart), end: iso(windowStart + 60_000) };
  const second = { start: iso(windowStart + 60_000), end: iso(windowStart + 120_000) };
  assert.deepEqual(seen, [
    { records: 2, state: {}, final: false, window: first },
    { records: 1, state: { count: 2 }, final: false, window: first },
    { records: 0, state: { count: 3 }, final: true, window: first },
    { records: 1, state: {}, final: false, window: second },
    { records: 0, state: { count: 1 }, final: true, window: second },
  ]);
  const event = ctx.invocations[0]!.event;
  assert.deepEqual(Object.keys(event), ['Records', 'window', 'state', 'shardId', 'eventSourceARN', 'isFinalInvokeForWindow', 'isWindowTerminatedEarly']);
  assert.equal(event.shardId, shard);
  assert.equal(event.eventSourceARN, STREAM_ARN);
  assert.equal(event.isWindowTerminatedEarly, false);
});

test('an answer without state fails the batch, which is retried', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  stream.put(shard!, { n: 1 }, 'k', Date.now() - 300_000);
  const { ctx, stop } = start(stream, { BatchSize: 10, TumblingWindowInSeconds: 60, MaximumRetryAttempts: 1 });
  ctx.handler = (event, n) => (n === 1 ? { count: 1 } : counting(event));
  await until(() => ctx.invocations.some((i) => i.event.isFinalInvokeForWindow));
  await stop();
  assert.deepEqual(ctx.invocations.map((i) => [i.records.length, i.event.state]), [[1, {}], [1, {}], [0, { count: 1 }]]);
});

test('the window state is kept in the checkpoint: a restart inside a window carries it on', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  const checkpoints = new MemoryCheckpoints();
  const first = start(stream, { BatchSize: 10, TumblingWindowInSeconds: 900 }, checkpoints);
  first.ctx.handler = counting;
  stream.put(shard!, { n: 1 });
  stream.put(shard!, { n: 2 });
  await until(() => (checkpoints.values.get(`shard/${shard}`) as any)?.window?.state?.count === 2);
  await first.stop();
  stream.put(shard!, { n: 3 });
  const second = start(stream, { BatchSize: 10, TumblingWindowInSeconds: 900 }, checkpoints);
  second.ctx.handler = counting;
  await until(() => second.ctx.invocations.length === 1);
  await second.stop();
  assert.deepEqual(second.ctx.invocations[0]!.event.state, { count: 2 });
  assert.equal(second.ctx.invocations[0]!.records.length, 1);
});

test('a window whose state outgrows 1 MB ends early', async () => {
  const stream = new MemoryStream(1);
  const [shard] = [...stream.shards.keys()];
  stream.put(shard!, { n: 1 });
  stream.put(shard!, { n: 2 });
  const { ctx, stop } = start(stream, { BatchSize: 1, TumblingWindowInSeconds: 900 });
  ctx.handler = (event) => ({ state: event.isFinalInvokeForWindow ? {} : { big: 'x'.repeat(1024 * 1024 + 1) } });
  await until(() => ctx.invocations.length >= 4);
  await stop();
  assert.deepEqual(ctx.invocations.slice(0, 4).map((i) => [i.records.length, i.event.isFinalInvokeForWindow, i.event.isWindowTerminatedEarly]), [
    [1, false, false], [0, true, true], [1, false, false], [0, true, true],
  ]);
});
