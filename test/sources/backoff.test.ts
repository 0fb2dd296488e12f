import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DEFAULT_BACKOFF, backoffDelayMs, failuresAfterRun } from '../../src/sources/backoff.js';

it('doubles from half a second and stops at 30 s', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelayMs(n)), [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.equal(backoffDelayMs(1_000), 30_000);
});

it('counts failures in a row, and a healthy run starts the count again', () => {
  assert.equal(failuresAfterRun(0, 5), 1);
  assert.equal(failuresAfterRun(3, 5), 4);
  assert.equal(failuresAfterRun(6, DEFAULT_BACKOFF.healthyRunMs), 1);
  assert.equal(failuresAfterRun(6, DEFAULT_BACKOFF.healthyRunMs - 1), 7);
});
