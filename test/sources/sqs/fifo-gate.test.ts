// FIFO groups: one batch per group at a time, and a failed group closed until its messages can return.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '@aws-sdk/client-sqs';
import { FifoGate } from '../../../src/sources/sqs/fifo-gate.js';

const msg = (id: string, group?: string): Message => ({ MessageId: id, ...(group ? { Attributes: { MessageGroupId: group } } : {}) });
const ids = (messages: Message[]) => messages.map((m) => m.MessageId);

test('a group in another batch is held back; the batch holding it takes its later messages', () => {
  const gate = new FifoGate();
  const first = new Set<string>();
  assert.deepEqual(ids(gate.admit([msg('a1', 'a'), msg('b1', 'b')], first).admitted), ['a1', 'b1']);
  const second = new Set<string>();
  const split = gate.admit([msg('a2', 'a'), msg('c1', 'c'), msg('x')], second);
  assert.deepEqual([ids(split.admitted), ids(split.held)], [['c1', 'x'], ['a2']]);
  assert.deepEqual(ids(gate.admit([msg('a2', 'a')], first).admitted), ['a2']);
  gate.release(first, new Set(), 0);
  assert.deepEqual(ids(gate.admit([msg('a3', 'a')], new Set()).admitted), ['a3']);
});

test('a failed group stays closed until its messages can be visible again', () => {
  const gate = new FifoGate();
  const batch = new Set<string>();
  gate.admit([msg('a1', 'a'), msg('b1', 'b')], batch, 1_000);
  gate.release(batch, new Set(['a']), 5_000);
  const early = gate.admit([msg('a2', 'a'), msg('b2', 'b')], new Set(), 4_999);
  assert.deepEqual([ids(early.admitted), ids(early.held)], [['b2'], ['a2']]);
  assert.deepEqual(ids(gate.admit([msg('a1', 'a')], new Set(), 5_000).admitted), ['a1']);
});
