/** The retry schedule on its own: AWS's delays, the system-error backoff, the age limit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterRun, afterSystemError, deliveryDelayMs, tooOld, type RetrySettings } from '../../src/async/policy.js';
import { retryBaseDelayMs } from '../../src/async/pipeline.js';

const settings: RetrySettings = { maxRetries: 2, maxAgeMs: 21_600_000, baseDelayMs: 60_000 };
const T0 = 1_700_000_000_000;

test('function errors are retried one minute, then two minutes later, then given up', () => {
  assert.deepEqual(afterRun(1, true, T0, T0 + 100, settings), { action: 'retry', notBefore: T0 + 100 + 60_000 });
  assert.deepEqual(afterRun(2, true, T0, T0 + 60_200, settings), { action: 'retry', notBefore: T0 + 60_200 + 120_000 });
  assert.deepEqual(afterRun(3, true, T0, T0 + 180_300, settings), { action: 'finish', condition: 'RetriesExhausted' });
  assert.deepEqual(afterRun(1, true, T0, T0, { ...settings, maxRetries: 0 }), { action: 'finish', condition: 'RetriesExhausted' });
});

test('a success finishes whatever the attempt count', () => {
  assert.deepEqual(afterRun(3, false, T0, T0, settings), { action: 'finish', condition: 'Success' });
});

test('a retry that would come after the maximum age gives the event up now', () => {
  const short = { ...settings, maxAgeMs: 60_000 };
  assert.deepEqual(afterRun(1, true, T0, T0 + 10, short), { action: 'finish', condition: 'EventAgeExceeded' });
  const ninety = { ...settings, maxAgeMs: 90_000 };
  assert.deepEqual(afterRun(1, true, T0, T0 + 10, ninety), { action: 'retry', notBefore: T0 + 60_010 });
  assert.deepEqual(afterRun(2, true, T0, T0 + 60_020, ninety), { action: 'finish', condition: 'EventAgeExceeded' });
  assert.equal(tooOld(T0, T0 + 60_000, short), false);
  assert.equal(tooOld(T0, T0 + 60_001, short), true);
});

test('throttles and system errors back off from one second, doubling, up to five minutes', () => {
  assert.deepEqual(afterSystemError(0, T0, T0, settings), { action: 'retry', notBefore: T0 + 1_000 });
  assert.deepEqual(afterSystemError(3, T0, T0, settings), { action: 'retry', notBefore: T0 + 8_000 });
  assert.deepEqual(afterSystemError(20, T0, T0, settings), { action: 'retry', notBefore: T0 + 300_000 });
  assert.deepEqual(afterSystemError(0, T0, T0 + 21_599_500, settings), { action: 'finish', condition: 'EventAgeExceeded' });
});

test('delivery retries double from one second', () => {
  assert.deepEqual([1, 2, 3].map(deliveryDelayMs), [1_000, 2_000, 4_000]);
});

test('LAMBKIN_ASYNC_RETRY_BASE_DELAY sets the base delay in seconds; anything unreadable keeps one minute', () => {
  assert.equal(retryBaseDelayMs({}), 60_000);
  assert.equal(retryBaseDelayMs({ LAMBKIN_ASYNC_RETRY_BASE_DELAY: '1' }), 1_000);
  assert.equal(retryBaseDelayMs({ LAMBKIN_ASYNC_RETRY_BASE_DELAY: '0.25' }), 250);
  assert.equal(retryBaseDelayMs({ LAMBKIN_ASYNC_RETRY_BASE_DELAY: '' }), 60_000);
  assert.equal(retryBaseDelayMs({ LAMBKIN_ASYNC_RETRY_BASE_DELAY: 'soon' }), 60_000);
  assert.equal(retryBaseDelayMs({ LAMBKIN_ASYNC_RETRY_BASE_DELAY: '-3' }), 60_000);
});
