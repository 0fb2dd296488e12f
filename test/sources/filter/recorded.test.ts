/**
 * The filter cases recorded against real AWS (esm_sqs, esm_dynamodbstreams, esm_kinesis snapshots): each
 * pattern as the test sent it, the record AWS delivered, and the one it left out.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  compileFilterCriteria, dynamodbFilterCandidate, kinesisFilterCandidate, sqsFilterCandidate,
} from '../../../src/sources/filter/index.js';

const criteria = (pattern: unknown) => ({ Filters: [{ Pattern: JSON.stringify(pattern) }] });

function sqsRecord(body: string) {
  return {
    messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1545082649183', SenderId: 'AIDAIENQZJOLO23YVJ4VO', ApproximateFirstReceiveTimestamp: '1545082649185' },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:111111111111:queue',
    awsRegion: 'us-east-1',
  };
}

/** test_sqs_event_filter[...]: the message sent as JSON that was delivered, and the one that was not. */
const SQS_CASES: Array<{ id: string; pattern: unknown; delivered: unknown; dropped: unknown }> = [
  { id: 'filter0 / single-filter', pattern: { body: { testItem: ['test24'] } }, delivered: { testItem: 'test24' }, dropped: { testItem: 'tesWER' } },
  { id: 'filter1 / or-filter', pattern: { body: { testItem: ['test24', 'test45'] } }, delivered: { testItem: 'test45' }, dropped: { testItem: 'WERTD' } },
  { id: 'filter2 / and-filter', pattern: { body: { testItem: ['test24', 'test45'], test2: ['go'] } }, delivered: { testItem: 'test45', test2: 'go' }, dropped: { testItem: 'test67', test2: 'go' } },
  { id: 'filter3 / exists-filter', pattern: { body: { test2: [{ exists: true }] } }, delivered: { test2: '7411' }, dropped: { test5: '74545' } },
  { id: 'filter4', pattern: { body: { test2: [{ numeric: ['>', 100] }] } }, delivered: { test2: 105 }, dropped: 'this is a test string' },
  { id: 'filter5', pattern: { body: { test2: [{ numeric: ['<', 100] }] } }, delivered: { test2: 93 }, dropped: { test2: 105 } },
  { id: 'filter6', pattern: { body: { test2: [{ numeric: ['>=', 100, '<', 200] }] } }, delivered: { test2: 105 }, dropped: { test2: 200 } },
  { id: 'filter7 / numeric-prefix', pattern: { body: { test2: [{ prefix: 'us-1' }] } }, delivered: { test2: 'us-1-48454' }, dropped: { test2: 'eu-wert' } },
  { id: 'single', pattern: { body: { 'my-key': ['my-value'] } }, delivered: { 'my-key': 'my-value' }, dropped: { 'my-key': 'other-value' } },
  { id: 'or', pattern: { body: { 'my-key': ['my-value-one', 'my-value-two'] } }, delivered: { 'my-key': 'my-value-two' }, dropped: { 'my-key': 'other-value' } },
  { id: 'and', pattern: { body: { 'my-key-one': ['other-filter', 'my-value-one'], 'my-key-two': ['my-value-two'] } }, delivered: { 'my-key-one': 'my-value-one', 'my-key-two': 'my-value-two' }, dropped: { 'my-key-one': 'other-value-', 'my-key-two': 'my-value-two' } },
  { id: 'exists', pattern: { body: { 'my-key': [{ exists: true }] } }, delivered: { 'my-key': 'any-value-one' }, dropped: { 'other-key': 'any-value-two' } },
  { id: 'numeric-bigger', pattern: { body: { 'my-number': [{ numeric: ['>', 100] }] } }, delivered: { 'my-number': 101 }, dropped: { 'my-number': 100 } },
  { id: 'numeric-smaller', pattern: { body: { 'my-number': [{ numeric: ['<', 100] }] } }, delivered: { 'my-number': 99 }, dropped: { 'my-number': 100 } },
  { id: 'numeric-range', pattern: { body: { 'my-number': [{ numeric: ['>=', 100, '<', 200] }] } }, delivered: { 'my-number': 100 }, dropped: { 'my-number': 200 } },
  { id: 'prefix', pattern: { body: { 'my-key': [{ prefix: 'yes' }] } }, delivered: { 'my-key': 'yes-value' }, dropped: { 'my-key': 'no-value' } },
  { id: 'valid-json-filter', pattern: { body: { 'my-key': ['my-value'] } }, delivered: { 'my-key': 'my-value' }, dropped: 'plain-string' },
];

describe('test_sqs_event_filter', () => {
  for (const { id, pattern, delivered, dropped } of SQS_CASES) {
    it(id, () => {
      const passes = compileFilterCriteria(criteria(pattern), 'sqs');
      const bodyOf = (message: unknown) => (typeof message === 'string' ? message : JSON.stringify(message));
      assert.equal(passes(sqsFilterCandidate(sqsRecord(bodyOf(delivered)))), true, 'delivered');
      assert.equal(passes(sqsFilterCandidate(sqsRecord(bodyOf(dropped)))), false, 'left out');
    });
  }
});

/** A DynamoDB Streams record as Lambda delivers it (NEW_AND_OLD_IMAGES), for the item and event given. */
function streamRecord(eventName: 'INSERT' | 'MODIFY', newImage: Record<string, unknown>, oldImage?: Record<string, unknown>) {
  return {
    eventID: 'ab0ed3713569f4655f353e5ef61a88c4',
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: 1700000000,
      Keys: { id: newImage.id },
      NewImage: newImage,
      ...(oldImage ? { OldImage: oldImage } : {}),
      SequenceNumber: '100000000000000000001',
      SizeBytes: 32,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:111111111111:table/t/stream/2024-01-01T00:00:00.000',
  };
}

describe('test_dynamodb_event_filter', () => {
  const passes = (pattern: unknown, record: unknown) => compileFilterCriteria(criteria(pattern), 'dynamodb-streams')(dynamodbFilterCandidate(record as { dynamodb?: object }));

  it('insert_same_entry_twice: the INSERT passes, the MODIFY of the second put does not', () => {
    const item = { id: { S: 'id_value' }, id2: { S: 'id2_value' } };
    assert.equal(passes({ eventName: ['INSERT'] }, streamRecord('INSERT', item)), true);
    assert.equal(passes({ eventName: ['INSERT'] }, streamRecord('MODIFY', item, item)), false);
  });

  it('content_or_filter: INSERT and MODIFY both pass', () => {
    const first = { id: { S: 'id_value' } };
    const second = { id: { S: 'id_value' }, id2: { S: 'id2_new_value' } };
    assert.equal(passes({ eventName: ['INSERT', 'MODIFY'] }, streamRecord('INSERT', first)), true);
    assert.equal(passes({ eventName: ['INSERT', 'MODIFY'] }, streamRecord('MODIFY', second, first)), true);
  });

  it('content_multiple_filters: eventName and eventSource ANDed', () => {
    const pattern = { eventName: ['INSERT'], eventSource: ['aws:dynamodb'] };
    assert.equal(passes(pattern, streamRecord('INSERT', { id: { S: 'id_value' } })), true);
    assert.equal(passes(pattern, streamRecord('MODIFY', { id: { S: 'id_value' }, id2: { S: 'id2_new_value' } })), false);
  });

  it('content_filter_type: the value is matched under its type key, and only there', () => {
    const withKey = streamRecord('INSERT', { id: { S: 'id_value_1' }, presentKey: { S: 'presentValue' } });
    const without = streamRecord('INSERT', { id: { S: 'id_value_2' } });
    assert.equal(passes({ dynamodb: { NewImage: { presentKey: { S: ['presentValue'] } } } }, withKey), true);
    assert.equal(passes({ dynamodb: { NewImage: { presentKey: { S: ['presentValue'] } } } }, without), false);
    assert.equal(passes({ dynamodb: { NewImage: { presentKey: ['presentValue'] } } }, withKey), false, 'omitting the S does not match');
  });

  it('exists_filter_type: exists under the type key', () => {
    const withKey = streamRecord('INSERT', { id: { S: 'id_value_1' }, presentKey: { S: 'presentValue' } });
    const without = streamRecord('INSERT', { id: { S: 'id_value_2' } });
    assert.equal(passes({ dynamodb: { NewImage: { presentKey: { S: [{ exists: true }] } } } }, withKey), true);
    assert.equal(passes({ dynamodb: { NewImage: { presentKey: { S: [{ exists: true }] } } } }, without), false);
    assert.equal(passes({ dynamodb: { NewImage: { presentKey: [{ exists: true }] } } }, withKey), false, 'omitting the S does not match');
  });

  it('exists_false_filter: both records pass, since presentKey holds an object, not a value', () => {
    const pattern = { dynamodb: { NewImage: { presentKey: [{ exists: false }] } } };
    assert.equal(passes(pattern, streamRecord('INSERT', { id: { S: 'id_value_1' } })), true);
    assert.equal(passes(pattern, streamRecord('INSERT', { id: { S: 'id_value_2' }, presentKey: { S: 'presentValue' } })), true);
  });

  it('numeric_filter: N values are strings, so only anything-but "101" can match, and 42 passes', () => {
    const pattern = { dynamodb: { NewImage: { numericFilter: { N: [{ numeric: ['>', 100] }, { 'anything-but': '101' }] } } } };
    assert.equal(passes(pattern, streamRecord('INSERT', { id: { S: 'id_value_1' }, numericFilter: { N: '42' } })), true);
    assert.equal(passes(pattern, streamRecord('INSERT', { id: { S: 'id_value_2' }, numericFilter: { N: '101' } })), false);
  });

  it('prefix_filter', () => {
    const pattern = { dynamodb: { NewImage: { prefix: { S: [{ prefix: 'us-1' }] } } } };
    assert.equal(passes(pattern, streamRecord('INSERT', { id: { S: 'id_value_1' }, prefix: { S: 'us-1-other-suffix' } })), true);
    assert.equal(passes(pattern, streamRecord('MODIFY', { id: { S: 'id_value_1' }, prefix: { S: 'other-suffix' } })), false);
  });

  it('date_time_conversion: ApproximateCreationDateTime is a number, also when the SDK gave a Date', () => {
    const pattern = { dynamodb: { ApproximateCreationDateTime: [{ numeric: ['>', 0] }] } };
    assert.equal(passes(pattern, streamRecord('INSERT', { id: { S: 'id_value_1' } })), true);
    const fromSdk = streamRecord('INSERT', { id: { S: 'id_value_2' } });
    const withDate = { ...fromSdk, dynamodb: { ...fromSdk.dynamodb, ApproximateCreationDateTime: new Date(1_700_000_000_000) } };
    assert.equal(passes(pattern, withDate), true);
    assert.equal(passes({ dynamodb: { ApproximateCreationDateTime: [1_700_000_000] } }, withDate), true);
  });
});

describe('test_kinesis_event_filtering_json_pattern', () => {
  const kinesisPart = (message: unknown) => ({
    kinesisSchemaVersion: '1.0',
    partitionKey: 'custom',
    sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
    data: Buffer.from(JSON.stringify(message)).toString('base64'),
    approximateArrivalTimestamp: 1545084650.987,
  });
  const msg1 = { event_type: 'function_1', message: 'foo' };
  const msg2 = { event_type: 'function_2', message: 'bar' };

  it('each of two mappings on one stream gets only its own record', () => {
    const first = compileFilterCriteria(criteria({ data: { event_type: ['function_1'] } }), 'kinesis');
    const second = compileFilterCriteria(criteria({ data: { event_type: ['function_2'] } }), 'kinesis');
    assert.equal(first(kinesisFilterCandidate(kinesisPart(msg1))), true);
    assert.equal(first(kinesisFilterCandidate(kinesisPart(msg2))), false);
    assert.equal(second(kinesisFilterCandidate(kinesisPart(msg1))), false);
    assert.equal(second(kinesisFilterCandidate(kinesisPart(msg2))), true);
  });
});
