import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileFilterPattern } from '../../src/logs-api/filter-pattern.js';
import { LogsError } from '../../src/logs-api/errors.js';

const matching = (pattern: string, messages: string[]) => messages.filter(compileFilterPattern(pattern));

describe('text filter patterns', () => {
  const lines = ['ERROR disk full\n', 'WARN disk almost full\n', 'INFO all good\n', 'ERROR timeout talking to db\n'];

  test('an empty pattern matches everything', () => {
    assert.deepEqual(matching('', lines), lines);
    assert.deepEqual(matching('  ', lines), lines);
  });

  test('every term must occur, case-sensitively', () => {
    assert.deepEqual(matching('ERROR disk', lines), ['ERROR disk full\n']);
    assert.deepEqual(matching('error', lines), []);
  });

  test('a quoted phrase is one term', () => {
    assert.deepEqual(matching('"almost full"', lines), ['WARN disk almost full\n']);
    assert.deepEqual(matching('"full disk"', lines), []);
  });

  test('-term excludes, ?term matches any of them', () => {
    assert.deepEqual(matching('ERROR -timeout', lines), ['ERROR disk full\n']);
    assert.deepEqual(matching('?WARN ?INFO', lines), ['WARN disk almost full\n', 'INFO all good\n']);
    assert.deepEqual(matching('disk -"almost full"', lines), ['ERROR disk full\n']);
  });

  test('%regex% terms', () => {
    assert.deepEqual(matching('%^(WARN|INFO)%', lines), ['WARN disk almost full\n', 'INFO all good\n']);
  });
});

describe('JSON filter patterns', () => {
  const lines = [
    '{"level":"ERROR","status":500,"user":{"id":"u-1"},"tags":["a","b"]}\n',
    '{"level":"INFO","status":200,"user":{"id":"u-2"},"tags":["b"],"ok":true}\n',
    '{"level":"WARN","status":404,"user":null}\n',
    'plain text with level ERROR\n',
  ];

  test('string equality, wildcards and inequality', () => {
    assert.deepEqual(matching('{ $.level = "ERROR" }', lines), [lines[0]]);
    assert.deepEqual(matching('{ $.level = ERROR }', lines), [lines[0]]);
    assert.deepEqual(matching('{ $.user.id = "u-*" }', lines), [lines[0], lines[1]]);
    assert.deepEqual(matching('{ $.level != "ERROR" }', lines), [lines[1], lines[2]]);
  });

  test('numbers, arrays and nesting', () => {
    assert.deepEqual(matching('{ $.status >= 400 }', lines), [lines[0], lines[2]]);
    assert.deepEqual(matching('{ $.status = 200 }', lines), [lines[1]]);
    assert.deepEqual(matching('{ $.tags[0] = "b" }', lines), [lines[1]]);
  });

  test('&&, || and parentheses', () => {
    assert.deepEqual(matching('{ $.status >= 400 && $.level = "WARN" }', lines), [lines[2]]);
    assert.deepEqual(matching('{ $.level = "INFO" || ($.status > 450 && $.user.id = "u-1") }', lines), [lines[0], lines[1]]);
  });

  test('IS NULL, IS TRUE, EXISTS and NOT EXISTS', () => {
    assert.deepEqual(matching('{ $.user IS NULL }', lines), [lines[2]]);
    assert.deepEqual(matching('{ $.ok IS TRUE }', lines), [lines[1]]);
    assert.deepEqual(matching('{ $.tags EXISTS }', lines), [lines[0], lines[1]]);
    assert.deepEqual(matching('{ $.tags NOT EXISTS }', lines), [lines[2]]);
  });

  test('a broken pattern is an InvalidParameterException', () => {
    for (const pattern of ['{ $.level = }', '{ $.level "x" }', '{ level = 1 }', '"unclosed', '{ $.a = 1']) {
      assert.throws(() => compileFilterPattern(pattern), (err: unknown) => err instanceof LogsError && err.code === 'InvalidParameterException', pattern);
    }
  });
});
