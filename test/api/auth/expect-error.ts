import assert from 'node:assert/strict';
import { LambdaError } from '../../../src/errors/base.js';

/** Asserts the promise rejects with exactly this auth error: 403, code, message, and body `{ message }`. */
export async function rejectsWith(promise: Promise<unknown>, code: string, message: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof LambdaError, `expected a LambdaError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.status, 403);
    assert.equal(err.message, message);
    assert.deepEqual(err.body(), { message });
    return true;
  });
}
