/** Which function answers settle a stream batch, as AWS's recorded success and failure scenarios show. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readResponse } from '../../../src/sources/streams/response.js';

const SEQUENCES = ['11', '12', '13'];
const read = (value: unknown, rules = { reportItemFailures: true, tumbling: false }) =>
  readResponse(Buffer.from(value === undefined ? '' : JSON.stringify(value)), SEQUENCES, rules).verdict;

test('answers AWS counts as a complete success', () => {
  for (const value of ['', [], null, {}, { batchItemFailures: [] }, { batchItemFailures: null }, undefined]) {
    assert.deepEqual(read(value), { kind: 'done' }, JSON.stringify(value));
  }
});

test('answers AWS counts as a failure of the whole batch', () => {
  for (const value of [
    { batchItemFailures: [{ itemIdentifier: 123 }] },
    { batchItemFailures: [{ itemIdentifier: '' }] },
    { batchItemFailures: [{ itemIdentifier: null }] },
    { batchItemFailures: [{ foo: 123 }] },
    { batchItemFailures: [{ foo: null }] },
    { batchItemFailures: [{ itemIdentifier: '99' }] },
    { batchItemFailures: 'all of them' },
    { batchItemFailures: [{ itemIdentifier: '12' }, { itemIdentifier: '' }] },
  ]) {
    assert.deepEqual(read(value), { kind: 'failed' }, JSON.stringify(value));
  }
});

test('named failures: the batch is done up to the lowest failed sequence number', () => {
  assert.deepEqual(read({ batchItemFailures: [{ itemIdentifier: '13' }, { itemIdentifier: '12' }] }), { kind: 'partial', from: 1 });
  assert.deepEqual(read({ batchItemFailures: [{ itemIdentifier: '11' }] }), { kind: 'partial', from: 0 });
});

test('without ReportBatchItemFailures any answer is a success', () => {
  assert.deepEqual(read({ batchItemFailures: [{ itemIdentifier: '' }] }, { reportItemFailures: false, tumbling: false }), { kind: 'done' });
});

test('in a tumbling window an answer must carry state', () => {
  const rules = { reportItemFailures: false, tumbling: true };
  assert.deepEqual(readResponse(Buffer.from('{"state":{"n":1}}'), SEQUENCES, rules), { verdict: { kind: 'done' }, state: { n: 1 } });
  assert.deepEqual(readResponse(Buffer.from('{"n":1}'), SEQUENCES, rules), { verdict: { kind: 'failed' } });
  assert.deepEqual(readResponse(Buffer.from('null'), SEQUENCES, rules), { verdict: { kind: 'failed' } });
});
