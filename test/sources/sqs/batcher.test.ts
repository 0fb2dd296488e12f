// The mapping's batches: room reserved per receive, BatchSize, the window from the first message, and
// a batch per receive without a window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '@aws-sdk/client-sqs';
import { Batcher, type Batch } from '../../../src/sources/sqs/batcher.js';

let n = 0;
const messages = (count: number): Message[] => Array.from({ length: count }, () => ({ MessageId: `m${++n}`, Body: 'x', ReceiptHandle: `r${n}` }));
const keepAll = (received: Message[]) => received;

function batcher(batchSize: number, windowMs: number, admit = keepAll) {
  const flushed: Batch[] = [];
  return { flushed, batcher: new Batcher({ batchSize, windowMs }, admit, (b) => flushed.push(b)) };
}

test('without a window every receive that brings messages is a batch of its own', () => {
  const { batcher: b, flushed } = batcher(3, 0);
  assert.equal(b.reserve(), 3);
  assert.equal(b.reserve(), 3);
  b.add(3, messages(2), 100);
  b.add(3, [], 200);
  b.add(3, messages(3), 300);
  assert.deepEqual(flushed.map((f) => [f.messages.length, f.receivedAt]), [[2, 100], [3, 300]]);
  assert.equal(b.waitSeconds(), 20);
});

test('with a window, receives share one batch and reserve no more room than BatchSize leaves', () => {
  const { batcher: b, flushed } = batcher(25, 60_000);
  assert.deepEqual([b.reserve(), b.reserve(), b.reserve(), b.reserve()], [10, 10, 5, 0]);
  b.add(10, messages(10), 500);
  b.add(10, messages(4), 400);
  assert.equal(flushed.length, 0);
  assert.equal(b.reserve(), 6, '25 - 14 held - 5 still reserved');
  b.add(5, messages(5), 600);
  b.add(6, messages(6), 700);
  assert.equal(flushed.length, 1);
  assert.equal(flushed[0]!.messages.length, 25);
  assert.equal(flushed[0]!.receivedAt, 400, 'the earliest receive');
  assert.equal(b.reserve(), 10, 'a new batch');
});

test('the window closes the batch with what it has, counted from its first message', async () => {
  const { batcher: b, flushed } = batcher(100, 300);
  b.reserve();
  b.add(10, [], 0);
  assert.equal(b.waitSeconds(), 20, 'no batch open: a full long poll');
  b.reserve();
  const opened = Date.now();
  b.add(10, messages(3), opened);
  assert.equal(b.waitSeconds(), 0);
  assert.ok(b.windowLeftMs() > 0 && b.windowLeftMs() <= 300);
  while (flushed.length === 0) await new Promise((r) => setTimeout(r, 10));
  assert.ok(Date.now() - opened >= 290);
  assert.equal(flushed[0]!.messages.length, 3);
});

test('filtered and held-back messages take no room, and open no window on their own', () => {
  const { batcher: b, flushed } = batcher(10, 60_000, (received) => received.filter((_, i) => i % 2 === 0));
  b.reserve();
  b.add(10, messages(10), 0);
  assert.equal(b.reserve(), 5);
  b.add(5, messages(10).slice(0, 5), 0);
  assert.equal(flushed.length, 0);
  const none = batcher(10, 60_000, () => []);
  none.batcher.reserve();
  none.batcher.add(10, messages(4), 0);
  assert.equal(none.batcher.waitSeconds(), 20);
  assert.equal(none.batcher.discard(), undefined);
});

test('a batch closes before it holds more than one invocation can carry', () => {
  const { batcher: b, flushed } = batcher(1000, 60_000);
  const big = (): Message[] => Array.from({ length: 10 }, () => ({ MessageId: `b${++n}`, Body: 'x'.repeat(256 * 1024) }));
  for (let i = 0; i < 3; i++) {
    b.reserve();
    b.add(10, big(), 0);
  }
  assert.equal(flushed.length, 1);
  assert.equal(flushed[0]!.messages.length, 30);
  b.discard();
});
