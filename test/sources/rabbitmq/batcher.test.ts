// When a RabbitMQ mapping's batch is ready: BatchSize, the payload limit, the batching window, a lost connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Batcher } from '../../../src/sources/rabbitmq/batcher.js';

const never = new AbortController().signal;

test('a full batch is ready at once, in arrival order, and the rest waits for the next', async () => {
  const b = new Batcher<number>({ maxRecords: 3, maxBytes: 1000, windowMs: 60_000 });
  for (const n of [1, 2, 3, 4]) b.push(n, 10);
  assert.deepEqual(await b.next(never), [1, 2, 3]);
  b.push(5, 10);
  b.push(6, 10);
  assert.deepEqual(await b.next(never), [4, 5, 6]);
});

test('a partial batch goes when the window since its first record has passed', async () => {
  let now = 1000;
  const b = new Batcher<string>({ maxRecords: 10, maxBytes: 1000, windowMs: 50 }, () => now);
  const next = b.next(never);
  b.push('a', 1);
  now += 20;
  b.push('b', 1);
  let settled = false;
  void next.then(() => { settled = true; });
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(settled, false, 'not before the window');
  now += 40;
  assert.deepEqual(await next, ['a', 'b']);
});

test('a batch stops short of the byte limit; a lone record past it goes alone', async () => {
  const b = new Batcher<string>({ maxRecords: 10, maxBytes: 100, windowMs: 60_000 });
  b.push('a', 40);
  b.push('b', 40);
  b.push('c', 40);
  assert.deepEqual(await b.next(never), ['a', 'b']);
  b.push('huge', 500);
  assert.deepEqual(await b.next(never), ['c']);
  assert.deepEqual(await b.next(never), ['huge']);
});

test('with a zero window whatever has arrived goes at once', async () => {
  const b = new Batcher<number>({ maxRecords: 10, maxBytes: 1000, windowMs: 0 });
  b.push(1, 1);
  b.push(2, 1);
  assert.deepEqual(await b.next(never), [1, 2]);
});

test('closing rejects a waiting next with the reason; an abort rejects it too', async () => {
  const b = new Batcher<number>({ maxRecords: 10, maxBytes: 1000, windowMs: 0 });
  const waiting = b.next(never);
  b.close(new Error('connection lost'));
  await assert.rejects(waiting, /connection lost/);
  const c = new Batcher<number>({ maxRecords: 10, maxBytes: 1000, windowMs: 0 });
  const abort = new AbortController();
  const aborted = c.next(abort.signal);
  abort.abort(new Error('stopping'));
  await assert.rejects(aborted, /stopping/);
});

test('the oldest waiting record gives the lag', () => {
  let now = 0;
  const b = new Batcher<number>({ maxRecords: 10, maxBytes: 1000, windowMs: 60_000 }, () => now);
  assert.equal(b.oldestAge(), 0);
  b.push(1, 1);
  now = 250;
  b.push(2, 1);
  now = 400;
  assert.equal(b.oldestAge(), 400);
});
