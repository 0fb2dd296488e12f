// Which messages of a batch Lambda deletes, for each answer a function can give (the cases AWS recorded).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchVerdict, reportedFailures, type BatchItem } from '../../../src/sources/sqs/batch-result.js';
import type { BatchInvokeResult } from '../../../src/sources/types.js';

const items: BatchItem[] = [{ messageId: 'm1' }, { messageId: 'm2' }, { messageId: 'm3' }, { messageId: 'm4' }];
const success = (payload: unknown): BatchInvokeResult =>
  ({ kind: 'success', requestId: 'r', payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)) });

test('without ReportBatchItemFailures a returning function succeeds whatever it answers', () => {
  assert.deepEqual(batchVerdict(items, success({ batchItemFailures: [{ itemIdentifier: 'm1' }] }), false), { kind: 'all-succeeded' });
  assert.deepEqual(batchVerdict(items, success('not json'), false), { kind: 'all-succeeded' });
});

test('a function error or a refused invocation fails the whole batch, with or without ReportBatchItemFailures', () => {
  const error: BatchInvokeResult = { kind: 'function-error', requestId: 'r', payload: Buffer.from('{}'), functionError: 'Unhandled' };
  const throttled: BatchInvokeResult = { kind: 'platform-error', requestId: 'r', error: new Error('Rate Exceeded.'), code: 'TooManyRequestsException', retryable: true };
  for (const report of [true, false]) {
    assert.equal(batchVerdict(items, error, report).kind, 'all-failed');
    assert.equal(batchVerdict(items, throttled, report).kind, 'all-failed');
  }
});

test('empty answers succeed: nothing, null, {}, an empty or null list, an object without the key', () => {
  for (const payload of ['', 'null', '{}', { batchItemFailures: [] }, { batchItemFailures: null }, { statusCode: 200 }, '"done"', '42']) {
    assert.deepEqual(batchVerdict(items, success(payload), true), { kind: 'all-succeeded' }, JSON.stringify(payload));
  }
});

test('named items fail, the others are deleted', () => {
  const verdict = batchVerdict(items, success({ batchItemFailures: [{ itemIdentifier: 'm2' }, { itemIdentifier: 'm4' }] }), true);
  assert.deepEqual(verdict, { kind: 'some-failed', failed: new Set(['m2', 'm4']) });
});

test('naming every item fails the batch', () => {
  const all = { batchItemFailures: items.map((i) => ({ itemIdentifier: i.messageId })) };
  assert.equal(batchVerdict(items, success(all), true).kind, 'all-failed');
});

test('an answer Lambda cannot read fails the whole batch', () => {
  const invalid = [
    '{not json',
    { batchItemFailures: [{ foo: 'notvalid' }] },
    { batchItemFailures: [{ itemIdentifier: '' }] },
    { batchItemFailures: [{ itemIdentifier: null }] },
    { batchItemFailures: [{ itemIdentifier: 'not-in-the-batch' }] },
    { batchItemFailures: [{ itemIdentifier: 'm1' }, 'm2'] },
    { batchItemFailures: 'm1' },
  ];
  for (const payload of invalid) {
    assert.equal(batchVerdict(items, success(payload), true).kind, 'all-failed', JSON.stringify(payload));
  }
  assert.deepEqual(reportedFailures(Buffer.from('{"batchItemFailures":[{"itemIdentifier":"x"}]}'), new Set(['m1'])),
    { invalid: 'itemIdentifier x names no message of the batch' });
});

test('FIFO: after a group\'s first failed message, the rest of that group fails; other groups are unaffected', () => {
  const fifo: BatchItem[] = [
    { messageId: 'a1', group: 'a' }, { messageId: 'b1', group: 'b' }, { messageId: 'a2', group: 'a' },
    { messageId: 'b2', group: 'b' }, { messageId: 'a3', group: 'a' },
  ];
  const verdict = batchVerdict(fifo, success({ batchItemFailures: [{ itemIdentifier: 'a2' }] }), true);
  assert.deepEqual(verdict, { kind: 'some-failed', failed: new Set(['a2', 'a3']) });
});
