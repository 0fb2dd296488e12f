/** Every operator of the pattern language, with the examples AWS documents for Lambda and EventBridge. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matcher, matches } from './helpers.js';

/** The sample event of EventBridge's event pattern documentation. */
const EC2_EVENT = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.33', 'instance-id': 'i-000000aaaaaa00000', state: 'running' },
};

describe('exact values', () => {
  it('matches a string only by the same string', () => {
    const isAlice = matcher({ Name: ['Alice'] });
    assert.equal(isAlice({ Name: 'Alice' }), true);
    assert.equal(isAlice({ Name: 'alice' }), false);
    assert.equal(isAlice({ Name: 'Alice ' }), false);
    assert.equal(isAlice({}), false);
  });

  it('ORs the values of a list', () => {
    const payment = matcher({ PaymentType: ['Credit', 'Debit'] });
    assert.equal(payment({ PaymentType: 'Credit' }), true);
    assert.equal(payment({ PaymentType: 'Debit' }), true);
    assert.equal(payment({ PaymentType: 'Cash' }), false);
  });

  it('matches numbers by numeric value and never a numeric string', () => {
    assert.equal(matches({ Price: [100] }, { Price: 100 }), true);
    assert.equal(matches({ Price: [100] }, { Price: 100.0 }), true);
    assert.equal(matches({ 'x-limit': [3.018e2] }, { 'x-limit': 301.8 }), true);
    assert.equal(matches({ Price: [100] }, { Price: '100' }), false);
    assert.equal(matches({ Price: ['100'] }, { Price: 100 }), false);
  });

  it('matches null only by a null value, not by a missing field', () => {
    const userIdIsNull = matcher({ UserID: [null] });
    assert.equal(userIdIsNull({ UserID: null }), true);
    assert.equal(userIdIsNull({}), false);
    assert.equal(userIdIsNull({ UserID: '' }), false);
    assert.equal(userIdIsNull({ UserID: 'null' }), false);
  });

  it('matches the empty string only by the empty string', () => {
    const lastNameIsEmpty = matcher({ LastName: [''] });
    assert.equal(lastNameIsEmpty({ LastName: '' }), true);
    assert.equal(lastNameIsEmpty({ LastName: null }), false);
    assert.equal(lastNameIsEmpty({}), false);
  });

  it('matches booleans by the JSON literal, not the string', () => {
    assert.equal(matches({ id: { BOOL: [true] } }, { id: { BOOL: true } }), true);
    assert.equal(matches({ id: { BOOL: [true] } }, { id: { BOOL: false } }), false);
    assert.equal(matches({ id: { BOOL: [true] } }, { id: { BOOL: 'true' } }), false);
    assert.equal(matches({ flag: [false] }, { flag: false }), true);
  });

  it('matches the sample event by several fields at once', () => {
    assert.equal(matches({
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
      detail: { state: ['initializing', 'running'] },
    }, EC2_EVENT), true);
  });
});

describe('prefix', () => {
  it('matches the beginning of string values only', () => {
    assert.equal(matches({ time: [{ prefix: '2017-10-02' }] }, EC2_EVENT), true);
    assert.equal(matches({ time: [{ prefix: '2017-10-03' }] }, EC2_EVENT), false);
    const usRegion = matcher({ Region: [{ prefix: 'us-' }] });
    assert.equal(usRegion({ Region: 'us-east-1' }), true);
    assert.equal(usRegion({ Region: 'eu-west-1' }), false);
    assert.equal(usRegion({ Region: 'US-east-1' }), false);
    assert.equal(matches({ n: [{ prefix: '12' }] }, { n: 123 }), false, 'numbers are not strings');
  });

  it('with equals-ignore-case, ignores the case of the beginning', () => {
    const service = matcher({ service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] });
    for (const value of ['EventBridge', 'EVENTBRIDGE', 'eventbridge', 'eventB']) assert.equal(service({ service: value }), true, value);
    assert.equal(service({ service: 'Event Bridge' }), false);
  });

  it('an empty prefix matches every string', () => {
    assert.equal(matches({ a: [{ prefix: '' }] }, { a: 'anything' }), true);
    assert.equal(matches({ a: [{ prefix: '' }] }, { a: 1 }), false);
  });
});

describe('suffix', () => {
  it('matches the end of string values', () => {
    const png = matcher({ FileName: [{ suffix: '.png' }] });
    assert.equal(png({ FileName: 'image.png' }), true);
    assert.equal(png({ FileName: 'image.PNG' }), false);
    assert.equal(png({ FileName: 'image.png.txt' }), false);
    assert.equal(matches({ source: [{ suffix: 'ec2' }] }, EC2_EVENT), true);
  });

  it('with equals-ignore-case, ignores the case of the end', () => {
    const png = matcher({ FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] });
    assert.equal(png({ FileName: 'image.PNG' }), true);
    assert.equal(png({ FileName: 'image.Png' }), true);
    assert.equal(png({ FileName: 'image.jpg' }), false);
    const tbridge = matcher({ service: [{ suffix: { 'equals-ignore-case': 'tbridge' } }] });
    assert.equal(tbridge({ service: 'EvenTBridge' }), true);
  });
});

describe('equals-ignore-case', () => {
  it('matches strings whatever their case', () => {
    const alice = matcher({ Name: [{ 'equals-ignore-case': 'alice' }] });
    assert.equal(alice({ Name: 'Alice' }), true);
    assert.equal(alice({ Name: 'ALICE' }), true);
    assert.equal(alice({ Name: 'Alicia' }), false);
    assert.equal(matches({ source: [{ 'equals-ignore-case': 'AWS.EC2' }] }, EC2_EVENT), true);
  });
});

describe('wildcard', () => {
  it('lets * stand for any run of characters, none included', () => {
    const service = matcher({ source: [{ wildcard: 'Simple*Service' }] });
    assert.equal(service({ source: 'SimpleQueueService' }), true);
    assert.equal(service({ source: 'SimpleService' }), true);
    assert.equal(service({ source: 'SimpleQueueServices' }), false);
    assert.equal(service({ source: 'ASimpleQueueService' }), false);
  });

  it('matches across path separators and with several wildcards', () => {
    const png = matcher({ Key: [{ wildcard: 'dir/*.png' }] });
    assert.equal(png({ Key: 'dir/image.png' }), true);
    assert.equal(png({ Key: 'dir/dir1/dir2/image.png' }), true);
    assert.equal(png({ Key: 'other/image.png' }), false);
    const bus = matcher({ EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] });
    assert.equal(bus({ EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' }), true);
    assert.equal(bus({ EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/default' }), false);
    const title = matcher({ t: [{ wildcard: '*Title*' }] });
    assert.equal(title({ t: 'Title' }), true);
    assert.equal(title({ t: 'My Title here' }), true);
    assert.equal(title({ t: 'title' }), false);
  });

  it('takes \\* for a literal asterisk and \\\\ for a backslash', () => {
    const star = matcher({ v: [{ wildcard: 'a\\*b' }] });
    assert.equal(star({ v: 'a*b' }), true);
    assert.equal(star({ v: 'axb' }), false);
    assert.equal(matches({ v: [{ wildcard: 'c:\\\\*' }] }, { v: 'c:\\windows' }), true);
  });

  it('finds the middle segments in order without overlapping the ends', () => {
    assert.equal(matches({ v: [{ wildcard: 'ab*ab' }] }, { v: 'ab' }), false);
    assert.equal(matches({ v: [{ wildcard: 'ab*ab' }] }, { v: 'abab' }), true);
    assert.equal(matches({ v: [{ wildcard: 'a*b*c' }] }, { v: 'acb' }), false);
    assert.equal(matches({ v: [{ wildcard: 'a*b*c' }] }, { v: 'axxbyyc' }), true);
    assert.equal(matches({ v: [{ wildcard: 'exact' }] }, { v: 'exact' }), true);
    assert.equal(matches({ v: [{ wildcard: '*' }] }, { v: '' }), true);
    assert.equal(matches({ v: [{ wildcard: '*' }] }, { v: 5 }), false);
  });
});

describe('anything-but', () => {
  it('excludes a single string or number', () => {
    const notInitializing = matcher({ detail: { state: [{ 'anything-but': 'initializing' }] } });
    assert.equal(notInitializing(EC2_EVENT), true);
    assert.equal(notInitializing({ detail: { state: 'initializing' } }), false);
    const not123 = matcher({ detail: { 'x-limit': [{ 'anything-but': 123 }] } });
    assert.equal(not123(EC2_EVENT), true);
    assert.equal(not123({ detail: { 'x-limit': 123 } }), false);
  });

  it('excludes every value of a list of strings or of numbers', () => {
    const weather = matcher({ Weather: [{ 'anything-but': ['Raining'] }] });
    assert.equal(weather({ Weather: 'Sunny' }), true);
    assert.equal(weather({ Weather: 'Raining' }), false);
    const state = matcher({ detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } });
    assert.equal(state(EC2_EVENT), true);
    assert.equal(state({ detail: { state: 'overloaded' } }), false);
    const limit = matcher({ detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } });
    assert.equal(limit(EC2_EVENT), true);
    assert.equal(limit({ detail: { 'x-limit': 200 } }), false);
    assert.equal(limit({ detail: { 'x-limit': 200.0 } }), false);
  });

  it('never matches a missing field, and lets values of another type through', () => {
    const notRaining = matcher({ Weather: [{ 'anything-but': ['Raining'] }] });
    assert.equal(notRaining({}), false);
    assert.equal(notRaining({ Weather: 5 }), true);
    assert.equal(notRaining({ Weather: null }), true);
    assert.equal(matches({ n: [{ 'anything-but': [101] }] }, { n: '101' }), true);
  });

  it('excludes by prefix and by suffix', () => {
    const notInit = matcher({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } });
    assert.equal(notInit(EC2_EVENT), true);
    assert.equal(notInit({ detail: { state: 'initializing' } }), false);
    const notTxt = matcher({ FileName: [{ 'anything-but': { suffix: '.txt' } }] });
    assert.equal(notTxt({ FileName: 'notes.md' }), true);
    assert.equal(notTxt({ FileName: 'notes.txt' }), false);
    assert.equal(matches({ Region: [{ 'anything-but': { prefix: 'us-' } }] }, { Region: 'eu-west-1' }), true);
    assert.equal(matches({ Region: [{ 'anything-but': { prefix: 'us-' } }] }, { Region: 5 }), true, 'a number has no prefix to exclude');
    assert.equal(matches({ Region: [{ 'anything-but': { prefix: 'us-' } }] }, {}), false);
  });

  it('excludes whatever the case with equals-ignore-case, one value or a list', () => {
    const notStopped = matcher({ state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] });
    assert.equal(notStopped({ state: 'STOPPED' }), false);
    assert.equal(notStopped({ state: 'overloaded' }), false);
    assert.equal(notStopped({ state: 'running' }), true);
    assert.equal(matches({ state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] }, { state: 'INITIALIZING' }), false);
  });

  it('excludes by wildcard, one pattern or a list', () => {
    const notLib = matcher({ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] });
    assert.equal(notLib({ FilePath: 'dir/lib/file.so' }), false);
    assert.equal(notLib({ FilePath: 'dir/src/file.c' }), true);
    const notLibOrBin = matcher({ FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] });
    assert.equal(notLibOrBin({ FilePath: 'usr/bin/sh' }), false);
    assert.equal(notLibOrBin({ FilePath: 'usr/share/doc' }), true);
  });
});

describe('numeric', () => {
  it('compares with =, <, <=, >, >=', () => {
    const cases: Array<[unknown[], number, boolean]> = [
      [['=', 100], 100, true], [['=', 100], 100.5, false],
      [['<', 10], 9.99, true], [['<', 10], 10, false],
      [['<=', 10], 10, true], [['<=', 10], 10.01, false],
      [['>', 0], 0.001, true], [['>', 0], 0, false],
      [['>=', 0], 0, true], [['>=', 0], -1, false],
      [['>', -5], -4, true], [['=', 3.018e2], 301.8, true],
    ];
    for (const [expression, value, expected] of cases) {
      assert.equal(matches({ Price: [{ numeric: expression }] }, { Price: value }), expected, `${JSON.stringify(expression)} on ${value}`);
    }
  });

  it('matches ranges, open or closed at each end', () => {
    const price = matcher({ Price: [{ numeric: ['>', 10, '<=', 20] }] });
    assert.equal(price({ Price: 10 }), false);
    assert.equal(price({ Price: 10.5 }), true);
    assert.equal(price({ Price: 20 }), true);
    assert.equal(price({ Price: 20.1 }), false);
    const docs = matcher({ price: [{ numeric: ['>', 0, '<=', 150.5] }] });
    assert.equal(docs({ price: 100 }), true);
    assert.equal(docs({ price: 150.5 }), true);
    assert.equal(docs({ price: 0 }), false);
    assert.equal(docs({ price: 200 }), false);
    assert.equal(matches({ v: [{ numeric: ['>=', 5, '<', 6] }] }, { v: 5 }), true);
    assert.equal(matches({ v: [{ numeric: ['>=', 5, '<', 6] }] }, { v: 6 }), false);
  });

  it('matches the sample event', () => {
    assert.equal(matches({
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    }, EC2_EVENT), true);
  });

  it('tests JSON numbers only, never numeric strings', () => {
    assert.equal(matches({ Temperature: [{ numeric: ['>', 40] }] }, { Temperature: '46' }), false);
    assert.equal(matches({ Temperature: [{ numeric: ['>', 40] }] }, { Temperature: 46 }), true);
    assert.equal(matches({ Temperature: [{ numeric: ['>', 40] }] }, { Temperature: true }), false);
  });
});

describe('exists', () => {
  it('true: the field has a value, null included', () => {
    const hasName = matcher({ ProductName: [{ exists: true }] });
    assert.equal(hasName({ ProductName: 'Widget' }), true);
    assert.equal(hasName({ ProductName: '' }), true);
    assert.equal(hasName({ ProductName: null }), true);
    assert.equal(hasName({ ProductName: 0 }), true);
    assert.equal(hasName({ Other: 'x' }), false);
    assert.equal(matches({ customer: { email: [{ exists: true }] } }, { customer: { email: 'test@example.com' } }), true);
    assert.equal(matches({ customer: { email: [{ exists: true }] } }, { customer: { phone: '555-1234' } }), false);
  });

  it('false: the field is missing', () => {
    const noName = matcher({ ProductName: [{ exists: false }] });
    assert.equal(noName({}), true);
    assert.equal(noName({ ProductName: 'Widget' }), false);
    assert.equal(noName({ ProductName: null }), false);
    assert.equal(matches({ detail: { 'c-count': [{ exists: false }] } }, EC2_EVENT), false);
    assert.equal(matches({ detail: { 'c-count': [{ exists: false }] } }, { detail: { state: 'x' } }), true);
  });

  it('works on leaf values only: an object is not a value', () => {
    const event = { detail: { state: 'running', 'c-count': { c1: 100 } } };
    assert.equal(matches({ detail: { 'c-count': [{ exists: false }] } }, event), true);
    assert.equal(matches({ detail: { 'c-count': [{ exists: true }] } }, event), false);
    assert.equal(matches({ detail: { 'c-count': { c1: [{ exists: true }] } } }, event), true);
  });

  it('looks into arrays: an empty array has no value', () => {
    assert.equal(matches({ tags: [{ exists: true }] }, { tags: ['a'] }), true);
    assert.equal(matches({ tags: [{ exists: true }] }, { tags: [] }), false);
    assert.equal(matches({ tags: [{ exists: false }] }, { tags: [] }), true);
  });
});

describe('cidr', () => {
  it('matches IPv4 addresses inside the block', () => {
    const block = matcher({ detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } });
    assert.equal(block(EC2_EVENT), true);
    assert.equal(block({ detail: { 'source-ip': '10.0.1.33' } }), false);
    assert.equal(block({ detail: { 'source-ip': 'not an address' } }), false);
    assert.equal(block({ detail: { 'source-ip': '10.0.0.256' } }), false);
    assert.equal(matches({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '10.255.3.4' }), true);
    assert.equal(matches({ ip: [{ cidr: '0.0.0.0/0' }] }, { ip: '192.168.1.1' }), true);
    assert.equal(matches({ ip: [{ cidr: '192.168.1.7/32' }] }, { ip: '192.168.1.7' }), true);
    assert.equal(matches({ ip: [{ cidr: '192.168.1.7/32' }] }, { ip: '192.168.1.8' }), false);
  });

  it('matches IPv6 addresses, compressed or not, and keeps the families apart', () => {
    const block = matcher({ sourceIPAddress: [{ cidr: '2001:db8::/32' }] });
    assert.equal(block({ sourceIPAddress: '2001:db8::1' }), true);
    assert.equal(block({ sourceIPAddress: '2001:0db8:0000:0000:0000:ff00:0042:8329' }), true);
    assert.equal(block({ sourceIPAddress: '2001:db9::1' }), false);
    assert.equal(block({ sourceIPAddress: '10.0.0.1' }), false);
    assert.equal(matches({ ip: [{ cidr: '::ffff:0:0/96' }] }, { ip: '::ffff:192.0.2.128' }), true);
    assert.equal(matches({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '::1' }), false);
  });
});
