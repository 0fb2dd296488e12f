// Paths built from request values never leave their root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnsafePathError, checkAccountId, checkRegion, nameSegment, pathInside } from '../src/safe-path.js';

test('single names stay under the root; anything that could climb or nest is refused', () => {
  assert.equal(pathInside('/data/logs', '111111111111', 'us-east-1'), '/data/logs/111111111111/us-east-1');
  for (const segment of ['..', '.', '', '../x', 'a/b', 'a\\b', 'a\0b']) {
    assert.throws(() => pathInside('/data/logs', segment), UnsafePathError, JSON.stringify(segment));
  }
});

test('any string becomes one plain file name', () => {
  assert.equal(nameSegment('/aws/lambda/fn'), '%2Faws%2Flambda%2Ffn');
  assert.equal(nameSegment('..'), '%2E%2E');
  assert.equal(nameSegment('.'), '%2E');
  assert.equal(nameSegment('...x'), '...x');
  for (const value of ['..', '.', '../../etc', 'a/../..']) assert.doesNotThrow(() => pathInside('/r', nameSegment(value)));
});

test('accounts are 12 digits and regions AWS region names', () => {
  assert.equal(checkAccountId('123456789012'), '123456789012');
  assert.throws(() => checkAccountId('../123456789012'), UnsafePathError);
  for (const region of ['us-east-1', 'us-gov-west-1', 'eu-central-2', 'eusc-de-east-1', 'us-isob-east-1']) assert.equal(checkRegion(region), region);
  for (const region of ['../111111111111/us-east-1', 'US-EAST-1', 'us-east-1/..', 'local']) assert.throws(() => checkRegion(region), UnsafePathError);
});
