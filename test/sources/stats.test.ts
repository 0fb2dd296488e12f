import assert from 'node:assert/strict';
import { it } from 'node:test';
import { PROCESSING_RESULT, PollerStats } from '../../src/sources/stats.js';

function statsAt(t: { now: number }) {
  const results: string[] = [];
  return { stats: new PollerStats(() => t.now, (text) => results.push(text)), results };
}

it('counts what the poller reports and keeps the last batch time and lag', () => {
  const t = { now: 1000 };
  const { stats } = statsAt(t);
  stats.received(10);
  stats.filtered(3);
  t.now = 2000;
  stats.invoked(7, { kind: 'success', requestId: 'r1', payload: Buffer.from('null') });
  stats.invoked(7, { kind: 'function-error', requestId: 'r2', payload: Buffer.from('{}'), functionError: 'Unhandled' });
  stats.discarded(7);
  stats.lag(1234);
  stats.lag(-5);
  assert.deepEqual(stats.counts, { received: 10, filtered: 3, invokedOk: 1, invokedFailed: 1, discarded: 7 });
  assert.equal(stats.lastBatchAt, 2000);
  assert.equal(stats.lagMs, 0);
});

it('tells each change of LastProcessingResult once', () => {
  const { stats, results } = statsAt({ now: 0 });
  const ok = { kind: 'success', requestId: 'r', payload: Buffer.from('1') } as const;
  stats.invoked(1, ok);
  stats.invoked(1, ok);
  stats.invoked(1, { kind: 'function-error', requestId: 'r', payload: Buffer.from('{"errorType":"Error","errorMessage":"boom"}'), functionError: 'Unhandled' });
  stats.invoked(1, { kind: 'platform-error', requestId: 'r', error: new Error('Function not found: arn'), code: 'ResourceNotFoundException', retryable: false });
  stats.invoked(1, { kind: 'platform-error', requestId: 'r', error: new Error('Rate exceeded'), code: 'TooManyRequestsException', retryable: true });
  stats.invoked(1, ok);
  assert.deepEqual(results, [PROCESSING_RESULT.ok, PROCESSING_RESULT.functionFailed, PROCESSING_RESULT.functionNotFound, PROCESSING_RESULT.ok]);
});

it('keeps the last error with its time: a function error by its type and message', () => {
  const t = { now: 5 };
  const { stats } = statsAt(t);
  stats.invoked(1, { kind: 'function-error', requestId: 'r', payload: Buffer.from('{"errorType":"TypeError","errorMessage":"x is undefined"}'), functionError: 'Unhandled' });
  assert.deepEqual(stats.lastError, { message: 'TypeError: x is undefined', at: 5 });
  t.now = 6;
  stats.invoked(1, { kind: 'function-error', requestId: 'r', payload: Buffer.from('not json'), functionError: 'Unhandled' });
  assert.deepEqual(stats.lastError, { message: 'Unhandled function error', at: 6 });
  t.now = 7;
  stats.invoked(1, { kind: 'platform-error', requestId: 'r', error: new Error('Rate exceeded'), code: 'TooManyRequestsException', retryable: true });
  assert.deepEqual(stats.lastError, { message: 'TooManyRequestsException: Rate exceeded', at: 7 });
});

it('a source problem shows until the source reads again, and says so in LastProcessingResult', () => {
  const { stats, results } = statsAt({ now: 9 });
  stats.sourceError('Stream not found');
  stats.sourceError('Stream not found');
  assert.equal(stats.sourceProblem, 'Stream not found');
  assert.deepEqual(stats.lastError, { message: 'Stream not found', at: 9 });
  stats.sourceError(undefined);
  assert.equal(stats.sourceProblem, undefined);
  assert.deepEqual(results, ['PROBLEM: Stream not found']);
});

it('notes when the poller state last changed', () => {
  const t = { now: 1 };
  const { stats } = statsAt(t);
  assert.equal(stats.state, 'stopped');
  t.now = 2;
  stats.setState('running');
  t.now = 3;
  stats.setState('running');
  assert.equal(stats.stateSince, 2);
  stats.setState('backing-off', 500);
  assert.deepEqual([stats.state, stats.stateSince, stats.nextRunAt], ['backing-off', 3, 500]);
});
