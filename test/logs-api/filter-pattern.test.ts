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

describe('space-delimited filter patterns', () => {
  const lines = [
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534\n',
    '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /index.html HTTP/1.0" 404 0\n',
    '10.0.0.9 - - [10/Oct/2000:13:50:35 -0700] "POST /api HTTP/1.1" 500 82\n',
    'short line\n',
  ];

  test('one name per field; quoted and bracketed runs are single fields', () => {
    assert.deepEqual(matching('[ip, id, user, timestamp, request, status, bytes]', lines), lines.slice(0, 3));
    assert.deepEqual(matching('[ip, id, user, timestamp, request = "*html*", status, bytes]', lines), [lines[1]]);
  });

  test('conditions with wildcards, numbers, || and &&', () => {
    assert.deepEqual(matching('[ip, id, user, timestamp, request, status = 4* || status = 5*, bytes]', lines), [lines[1], lines[2]]);
    assert.deepEqual(matching('[ip, id, user, timestamp, request, status, bytes > 1000]', lines), [lines[0]]);
    assert.deepEqual(matching('[ip = 127.*, id, user != frank, ...]', lines), []);
    assert.deepEqual(matching('[ip, id, user, timestamp, request, status >= 200 && status < 300, bytes]', lines), [lines[0]]);
  });

  test('... stands for any number of fields', () => {
    assert.deepEqual(matching('[..., status = 500, bytes]', lines), [lines[2]]);
    assert.deepEqual(matching('[first, second]', lines), [lines[3]]);
    assert.deepEqual(matching('[ip = 10.*, ...]', lines), [lines[2]]);
  });

  test('a broken space-delimited pattern is an InvalidParameterException', () => {
    for (const pattern of ['[ip, status >]', '[ip, "unclosed]', '[ip, bytes > abc]', '[ip']) {
      assert.throws(() => compileFilterPattern(pattern), (err: unknown) => err instanceof LogsError && err.code === 'InvalidParameterException', pattern);
    }
  });
});
