// Gathering a batch from scripted receives: BatchSize, the window, and when a batch goes without waiting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '@aws-sdk/client-sqs';
import { gatherBatch, type GatherDeps } from '../../../src/sources/sqs/gather.js';

function scripted(answers: Array<number | Error>) {
  const calls: Array<{ max: number; wait: number }> = [];
  let n = 0;
  const queue: GatherDeps['queue'] = {
    async receive(max, wait) {
      calls.push({ max, wait });
      const answer = answers.shift() ?? 0;
      if (answer instanceof Error) throw answer;
      if (answer === 0 && wait > 0) await new Promise((r) => setTimeout(r, 50));
      return Array.from({ length: Math.min(answer, max) }, () => ({ MessageId: `m${++n}`, Body: 'x' }) as Message);
    },
  };
  return { queue, calls };
}

const deps = (queue: GatherDeps['queue'], batchSize: number, windowMs: number, take = (m: Message[]) => m): GatherDeps => ({
  queue, settings: { batchSize, windowMs }, signal: new AbortController().signal,
  sleep: (ms) => new Promise((r) => setTimeout(() => r(true), ms)), take, onLateError: () => {},
});

test('with no window, one receive makes the batch', async () => {
  const { queue, calls } = scripted([3, 10]);
  const batch = await gatherBatch(deps(queue, 10, 0));
  assert.equal(batch.messages.length, 3);
  assert.deepEqual(calls, [{ max: 10, wait: 20 }]);
});

test('a batch larger than ten is gathered over several receives until BatchSize', async () => {
  const { queue, calls } = scripted([10, 10, 10]);
  const batch = await gatherBatch(deps(queue, 25, 10_000));
  assert.equal(batch.messages.length, 25);
  assert.deepEqual(calls.map((c) => c.max), [10, 10, 5]);
  assert.equal(batch.backlog, true);
});

test('the window ends the gathering when the queue runs dry', async () => {
  const { queue } = scripted([4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const started = Date.now();
  const batch = await gatherBatch(deps(queue, 100, 1_000));
  const took = Date.now() - started;
  assert.equal(batch.messages.length, 4);
  assert.equal(batch.backlog, false);
  assert.ok(took >= 950 && took < 4_000, `gathered for ${took} ms`);
});

test('filtered messages do not count towards BatchSize', async () => {
  const { queue } = scripted(Array<number>(10).fill(10));
  let seen = 0;
  const batch = await gatherBatch(deps(queue, 10, 5_000, (m) => m.filter(() => ++seen % 2 === 0)));
  assert.equal(batch.messages.length, 10);
});

test('a failing first receive throws; a later one ends the batch with what it has', async () => {
  await assert.rejects(gatherBatch(deps(scripted([new Error('down')]).queue, 10, 0)), /down/);
  const late: unknown[] = [];
  const d = { ...deps(scripted([5, new Error('down')]).queue, 20, 5_000), onLateError: (e: unknown) => late.push(e) };
  const batch = await gatherBatch(d);
  assert.equal(batch.messages.length, 5);
  assert.equal(late.length, 1);
});
