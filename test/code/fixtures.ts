import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { LambdaError } from '../../src/errors/base.js';

export const COULD_NOT_UNZIP = 'Could not unzip uploaded file. Please check your file, then try to upload again.';

/** A scratch directory removed after `body` runs, whatever happens. */
export async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'lambkin-code-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Asserts `promise` rejects with exactly this AWS error: code, status, message and wire body. */
export async function assertLambdaError(
  promise: Promise<unknown>,
  expected: { code: string; status: number; message: string; body: Record<string, unknown> },
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof LambdaError, `expected a LambdaError, got ${String(error)}`);
    assert.equal(error.code, expected.code);
    assert.equal(error.status, expected.status);
    assert.equal(error.message, expected.message);
    assert.deepEqual(error.body(), expected.body);
    return true;
  });
}

export function assertCouldNotUnzip(promise: Promise<unknown>): Promise<void> {
  return assertLambdaError(promise, {
    code: 'InvalidParameterValueException',
    status: 400,
    message: COULD_NOT_UNZIP,
    body: { Type: 'User', message: COULD_NOT_UNZIP },
  });
}

export function assertUnzippedTooLarge(promise: Promise<unknown>, limit = 262144000): Promise<void> {
  const message = `Unzipped size must be smaller than ${limit} bytes`;
  return assertLambdaError(promise, {
    code: 'InvalidParameterValueException',
    status: 400,
    message,
    body: { Type: 'User', message },
  });
}

/** Every path under `dir`, relative, sorted; symlinks are listed, never followed. */
export async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map(String).sort();
}
