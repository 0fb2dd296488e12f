/** How a pattern's shape meets the record's: nested fields, AND and OR, `$or`, arrays, several filters. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilterCriteria } from '../../../src/sources/filter/index.js';
import { matcher, matches } from './helpers.js';

describe('fields', () => {
  it('ANDs the fields of a pattern', () => {
    const mondayInNewYork = matcher({ Location: ['New York'], Day: ['Monday'] });
    assert.equal(mondayInNewYork({ Location: 'New York', Day: 'Monday' }), true);
    assert.equal(mondayInNewYork({ Location: 'New York', Day: 'Tuesday' }), false);
    assert.equal(mondayInNewYork({ Location: 'New York' }), false);
  });

  it('follows nested objects, ignoring fields the pattern does not name', () => {
    const buy = matcher({ data: { order: { type: ['buy'] } } });
    assert.equal(buy({ data: { record: 12345, order: { type: 'buy', stock: 'ANYCO', quantity: 1000 } } }), true);
    assert.equal(buy({ data: { order: { type: 'sell' } } }), false);
    assert.equal(buy({ data: { order: 'buy' } }), false);
    assert.equal(buy({ data: { type: 'buy' } }), false);
    assert.equal(buy({}), false);
  });

  it('does not match a value list against an object value', () => {
    assert.equal(matches({ presentKey: ['presentValue'] }, { presentKey: { S: 'presentValue' } }), false);
  });

  it('reads only own properties of the record', () => {
    assert.equal(matches({ constructor: [{ exists: true }] }, {}), false);
    assert.equal(matches({ toString: [{ exists: false }] }, {}), true);
  });
});

describe('$or', () => {
  it('ORs whole sub-patterns', () => {
    const either = matcher({ $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] });
    assert.equal(either({ Location: 'New York', Day: 'Sunday' }), true);
    assert.equal(either({ Location: 'Boston', Day: 'Monday' }), true);
    assert.equal(either({ Location: 'Boston', Day: 'Sunday' }), false);
  });

  it('is ANDed with the fields beside it', () => {
    const cloudwatch = matcher({
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
    });
    assert.equal(cloudwatch({ source: 'aws.cloudwatch', metricName: 'ReadLatency' }), true);
    assert.equal(cloudwatch({ source: 'aws.cloudwatch', namespace: 'AWS/ES' }), true);
    assert.equal(cloudwatch({ source: 'aws.ec2', metricName: 'ReadLatency' }), false);
    assert.equal(cloudwatch({ source: 'aws.cloudwatch', metricName: 'Other' }), false);
  });

  it('applies inside a nested object, and several $or levels AND together', () => {
    const parallel = matcher({
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
    });
    assert.equal(parallel({ namespace: 'AWS/EC2', detail: { 'detail-type': 'CloudWatch Alarm State Change' } }), true);
    assert.equal(parallel({ namespace: 'AWS/EC2', detail: { source: 'other' } }), false);
    assert.equal(parallel({ detail: { source: 'aws.cloudwatch' } }), false);
  });

  it('nests AND inside OR and OR inside that', () => {
    const nested = matcher({
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
        { scope: ['Service'] },
      ],
    });
    assert.equal(nested({ source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1000 }), true);
    assert.equal(nested({ source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1001 }), false);
    assert.equal(nested({ source: 'aws.cloudwatch', metricType: 'MetricType', spaceId: 1000 }), false);
    assert.equal(nested({ source: 'aws.cloudwatch', scope: 'Service' }), true);
  });
});

describe('arrays in the record', () => {
  it('matches a field when any element matches', () => {
    const resource = matcher({ resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f', 'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f'] });
    assert.equal(resource({ resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f', 'arn:other'] }), true);
    assert.equal(resource({ resources: ['arn:other'] }), false);
    assert.equal(resource({ resources: [] }), false);
    assert.equal(matches({ tags: [{ prefix: 'env:' }] }, { tags: ['team:a', 'env:prod'] }), true);
    assert.equal(matches({ n: [{ numeric: ['>', 10] }] }, { n: [1, 2, 30] }), true);
  });

  it('looks through arrays of objects and arrays of arrays', () => {
    const employees = { employees: [{ firstName: 'John', lastName: 'Doe' }, { firstName: 'Anna', lastName: 'Smith' }, { firstName: 'Peter', lastName: 'Jones' }] };
    assert.equal(matches({ employees: { firstName: ['Anna'] } }, employees), true);
    assert.equal(matches({ employees: { firstName: ['Maria'] } }, employees), false);
    const nested = { employees: [[{ firstName: 'John' }, { firstName: 'Anna' }], [{ firstName: 'Peter' }]] };
    assert.equal(matches({ employees: { firstName: ['Peter'] } }, nested), true);
  });

  it('needs the fields of one nested pattern to match in the same element', () => {
    const employees = { employees: [{ firstName: 'John', lastName: 'Doe' }, { firstName: 'Anna', lastName: 'Smith' }, { firstName: 'Peter', lastName: 'Jones' }] };
    assert.equal(matches({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, employees), true);
    assert.equal(matches({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, employees), false);
  });

  it('anything-but matches when some element is not excluded', () => {
    assert.equal(matches({ states: [{ 'anything-but': 'stopped' }] }, { states: ['stopped', 'running'] }), true);
    assert.equal(matches({ states: [{ 'anything-but': 'stopped' }] }, { states: ['stopped'] }), false);
  });
});

describe('several filters', () => {
  const criteria = (...patterns: unknown[]) => ({ Filters: patterns.map((pattern) => ({ Pattern: JSON.stringify(pattern) })) });

  it('lets a record through when any filter matches', () => {
    const passes = compileFilterCriteria(criteria({ a: ['1'] }, { b: ['2'] }, { c: [{ exists: true }] }));
    assert.equal(passes({ a: '1' }), true);
    assert.equal(passes({ b: '2' }), true);
    assert.equal(passes({ c: 0 }), true);
    assert.equal(passes({ a: '2', b: '1' }), false);
  });

  it('lets everything through without criteria or filters', () => {
    for (const none of [undefined, {}, { Filters: [] }]) {
      const passes = compileFilterCriteria(none);
      assert.equal(passes({ anything: 1 }), true);
      assert.equal(passes(undefined), true);
    }
  });

  it('accepts up to five filters', () => {
    const five = criteria(...[1, 2, 3, 4, 5].map((n) => ({ n: [n] })));
    const passes = compileFilterCriteria(five);
    assert.equal(passes({ n: 5 }), true);
    assert.equal(passes({ n: 6 }), false);
  });
});
