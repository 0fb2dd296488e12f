/**
 * Patterns AWS refuses, with the error it answers (recorded on CreateEventSourceMapping for SQS and
 * DynamoDB Streams: InvalidParameterValueException, 400, Type User, "Invalid filter pattern definition.").
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LambdaError } from '../../../src/errors/base.js';
import {
  compileFilterCriteria, filterPatternProblem, INVALID_FILTER_PATTERN_MESSAGE, validateFilterCriteria,
} from '../../../src/sources/filter/index.js';
import type { FilterCriteria } from '../../../src/model/types.generated.js';

function assertRefused(criteria: FilterCriteria, sourceName?: string, message = INVALID_FILTER_PATTERN_MESSAGE): void {
  for (const check of [validateFilterCriteria, compileFilterCriteria]) {
    assert.throws(() => check(criteria, sourceName), (err: unknown) => {
      assert.ok(err instanceof LambdaError);
      assert.equal(err.code, 'InvalidParameterValueException');
      assert.equal(err.status, 400);
      assert.equal(err.message, message);
      assert.deepEqual(err.body(), { Type: 'User', message });
      return true;
    }, JSON.stringify(criteria));
  }
}

const pattern = (text: string): FilterCriteria => ({ Filters: [{ Pattern: text }] });
const json = (value: unknown): FilterCriteria => pattern(JSON.stringify(value));

describe('the recorded refusals', () => {
  it('is the exact message of the recordings', () => {
    assert.equal(INVALID_FILTER_PATTERN_MESSAGE, 'Invalid filter pattern definition.');
  });

  it('refuses what test_sqs_invalid_event_filter sent', () => {
    assertRefused(json(null)); // [None]: the pattern "null"
    assertRefused(pattern('simple string'));
    assertRefused(json({ eventSource: 'aws:sqs' })); // a field value that is not a list
    assertRefused(json({ eventSource: [] })); // an empty list
  });

  it('refuses what test_dynamodb_invalid_event_filter sent', () => {
    assertRefused(pattern('single-string'), 'dynamodb-streams');
    assertRefused(pattern('[{"eventName": ["INSERT"=123}]'), 'dynamodb-streams');
  });
});

describe('the pattern language refuses', () => {
  const refused: Array<[string, unknown]> = [
    ['a JSON array', [{ a: ['b'] }]],
    ['a JSON string', 'text'],
    ['a number', 5],
    ['an empty pattern', {}],
    ['an empty nested object', { detail: {} }],
    ['a number as a field value', { a: 5 }],
    ['null as a field value', { a: null }],
    ['true as a field value', { a: true }],
    ['a list inside a value list', { a: [['b']] }],
    ['an operator object with two keys', { a: [{ prefix: 'x', suffix: 'y' }] }],
    ['an empty operator object', { a: [{}] }],
    ['an unknown operator', { a: [{ contains: 'x' }] }],
    ['a prototype name as an operator', { a: [{ constructor: 'x' }] }],
    ['prefix of a number', { a: [{ prefix: 5 }] }],
    ['prefix with a bad inner object', { a: [{ prefix: { 'equals-ignore-case': 5 } }] }],
    ['prefix with an unknown inner operator', { a: [{ prefix: { wildcard: 'x*' } }] }],
    ['suffix of a list', { a: [{ suffix: ['x'] }] }],
    ['equals-ignore-case of a number', { a: [{ 'equals-ignore-case': 1 }] }],
    ['wildcard of a number', { a: [{ wildcard: 1 }] }],
    ['consecutive wildcards', { a: [{ wildcard: 'a**b' }] }],
    ['an escape other than \\* or \\\\', { a: [{ wildcard: 'a\\b' }] }],
    ['a trailing backslash', { a: [{ wildcard: 'ab\\' }] }],
    ['exists of a string', { a: [{ exists: 'true' }] }],
    ['numeric of a number', { a: [{ numeric: 5 }] }],
    ['numeric without an operator', { a: [{ numeric: [5] }] }],
    ['numeric with an unknown operator', { a: [{ numeric: ['!=', 5] }] }],
    ['numeric of a string value', { a: [{ numeric: ['>', '5'] }] }],
    ['numeric = with a second term', { a: [{ numeric: ['=', 5, '<', 6] }] }],
    ['numeric < followed by more', { a: [{ numeric: ['<', 5, '>', 1] }] }],
    ['numeric with two lower bounds', { a: [{ numeric: ['>', 1, '>=', 2] }] }],
    ['numeric with too many terms', { a: [{ numeric: ['>', 1, '<', 5, '<', 6] }] }],
    ['numeric with a missing value', { a: [{ numeric: ['>'] }] }],
    ['numeric with an upper bound below the lower', { a: [{ numeric: ['>', 10, '<', 5] }] }],
    ['numeric with a prototype name as operator', { a: [{ numeric: ['constructor', 5] }] }],
    ['anything-but of null', { a: [{ 'anything-but': null }] }],
    ['anything-but of a boolean', { a: [{ 'anything-but': true }] }],
    ['anything-but of an empty list', { a: [{ 'anything-but': [] }] }],
    ['anything-but of a mixed list', { a: [{ 'anything-but': ['a', 1] }] }],
    ['anything-but of a list with null', { a: [{ 'anything-but': ['a', null] }] }],
    ['anything-but of an empty prefix', { a: [{ 'anything-but': { prefix: '' } }] }],
    ['anything-but of a numeric prefix', { a: [{ 'anything-but': { prefix: 1 } }] }],
    ['anything-but of an empty suffix', { a: [{ 'anything-but': { suffix: '' } }] }],
    ['anything-but of an unsupported inner operator', { a: [{ 'anything-but': { numeric: ['>', 1] } }] }],
    ['anything-but with two inner operators', { a: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] }],
    ['anything-but equals-ignore-case of numbers', { a: [{ 'anything-but': { 'equals-ignore-case': [1] } }] }],
    ['anything-but equals-ignore-case of an empty list', { a: [{ 'anything-but': { 'equals-ignore-case': [] } }] }],
    ['anything-but of a bad wildcard', { a: [{ 'anything-but': { wildcard: 'a**' } }] }],
    ['cidr of a number', { a: [{ cidr: 10 }] }],
    ['cidr that is not an address', { a: [{ cidr: 'ten/8' }] }],
    ['cidr with a prefix length too long', { a: [{ cidr: '10.0.0.0/33' }] }],
    ['cidr with a bad prefix length', { a: [{ cidr: '10.0.0.0/x' }] }],
    ['cidr with an octet over 255', { a: [{ cidr: '10.0.0.256/32' }] }],
    ['cidr with two slashes', { a: [{ cidr: '10.0.0.0/8/8' }] }],
    ['cidr with a bad IPv6 address', { a: [{ cidr: '2001:db8:::1/64' }] }],
    ['$or that is not a list', { $or: { a: ['b'] } }],
    ['$or with one branch', { $or: [{ a: ['b'] }] }],
    ['$or with a non-object branch', { $or: [{ a: ['b'] }, ['c']] }],
    ['$or with an empty branch', { $or: [{ a: ['b'] }, {}] }],
    ['an operator name as a field inside $or', { $or: [{ numeric: [1] }, { prefix: ['abc'] }] }],
  ];
  for (const [what, value] of refused) {
    it(what, () => {
      assertRefused(json(value));
      assert.equal(typeof filterPatternProblem(JSON.stringify(value)), 'string');
    });
  }

  it('a filter without a pattern', () => {
    assertRefused({ Filters: [{}] });
  });

  it('an invalid pattern among valid ones', () => {
    assertRefused({ Filters: [{ Pattern: '{"a": ["b"]}' }, { Pattern: '{"a": "b"}' }] });
  });
});

describe('the pattern language accepts', () => {
  const accepted: unknown[] = [
    { a: ['b', 1, 2.5, null, true, false, ''] },
    { a: { b: { c: [{ exists: false }] } } },
    { a: [{ prefix: '' }, { suffix: 'x' }, { 'equals-ignore-case': 'X' }, { wildcard: 'a*b\\*c\\\\' }] },
    { a: [{ prefix: { 'equals-ignore-case': 'x' } }, { suffix: { 'equals-ignore-case': 'y' } }] },
    { a: [{ numeric: ['=', -1.5e3] }, { numeric: ['>=', 0, '<=', 0] }, { numeric: ['<=', 1e9] }] },
    { a: [{ 'anything-but': 'x' }, { 'anything-but': 1 }, { 'anything-but': ['x', 'y'] }, { 'anything-but': [1, 2] }] },
    { a: [{ 'anything-but': { suffix: '.txt' } }, { 'anything-but': { 'equals-ignore-case': 'x' } }] },
    { a: [{ cidr: '10.0.0.0/8' }, { cidr: '2001:db8::/32' }, { cidr: '::/0' }, { cidr: '192.168.0.1' }] },
    { $or: [{ a: ['1'] }, { b: ['2'] }], c: { $or: [{ d: ['3'] }, { e: { f: ['4'] } }] } },
    { 'weird key with spaces': ['ok'], 'dotted.key': ['ok'] },
  ];
  for (const value of accepted) {
    it(JSON.stringify(value), () => {
      validateFilterCriteria(json(value));
      assert.equal(filterPatternProblem(JSON.stringify(value)), undefined);
    });
  }
});

describe('filters per mapping', () => {
  const filters = (count: number): FilterCriteria => ({ Filters: Array.from({ length: count }, (_, n) => ({ Pattern: JSON.stringify({ n: [n] }) })) });

  it('allows five (the default quota)', () => {
    validateFilterCriteria(filters(5));
  });

  it('refuses a sixth', () => {
    assertRefused(filters(6), undefined, 'The number of filters exceeds the limit of 5.');
  });
});

describe('per source', () => {
  it('refuses a value list on Kinesis data (only JSON data can be filtered)', () => {
    assertRefused(json({ data: [{ prefix: 'Result: ' }] }), 'kinesis');
    assertRefused(json({ $or: [{ data: ['x'] }, { partitionKey: ['1'] }] }), 'kinesis');
    validateFilterCriteria(json({ data: { order: { type: ['buy'] } } }), 'kinesis');
    validateFilterCriteria(json({ partitionKey: ['1'] }), 'kinesis');
  });

  it('refuses a value list on the DynamoDB record', () => {
    assertRefused(json({ dynamodb: [{ exists: true }] }), 'dynamodb-streams');
    validateFilterCriteria(json({ eventName: ['INSERT'] }), 'dynamodb-streams');
  });

  it('allows value lists on SQS body and Amazon MQ data (plain-text messages)', () => {
    validateFilterCriteria(json({ body: [{ prefix: 'Result: ' }] }), 'sqs');
    validateFilterCriteria(json({ data: [{ prefix: 'Result: ' }] }), 'rabbitmq');
    validateFilterCriteria(json({ data: [{ prefix: 'Result: ' }] }));
  });
});
