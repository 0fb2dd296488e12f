/**
 * What each source's records are matched as (AWS's per-source filtering pages): the SQS body and the
 * Kinesis / Amazon MQ data read as JSON or as text, and which pattern halves apply to which.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  dynamodbFilterCandidate, FilterPayload, kinesisFilterCandidate, rabbitmqFilterCandidate, sqsFilterCandidate,
} from '../../../src/sources/filter/index.js';
import { matcher } from './helpers.js';

const sqsRecord = (body: string) => ({
  messageId: 'm-1',
  receiptHandle: 'rh',
  body,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1545082649183' },
  messageAttributes: { Kind: { stringValue: 'order', dataType: 'String' } },
  md5OfBody: 'x',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:111111111111:q',
  awsRegion: 'us-east-1',
});
const sqs = (pattern: unknown, body: string) => matcher(pattern, 'sqs')(sqsFilterCandidate(sqsRecord(body)));

describe('SQS', () => {
  const DOC_BODY = '{\n "RecordNumber": 1234,\n "TimeStamp": "yyyy-mm-ddThh:mm:ss",\n "RequestCode": "AAAA"\n}';

  it('matches the documented body examples', () => {
    assert.equal(sqs({ body: { RequestCode: ['BBBB'] } }, DOC_BODY), false);
    assert.equal(sqs({ body: { RequestCode: ['AAAA'] } }, DOC_BODY), true);
    assert.equal(sqs({ body: { RecordNumber: [{ numeric: ['>', 9999] }] } }, DOC_BODY), false);
    assert.equal(sqs({ body: { RecordNumber: [{ numeric: ['>', 1000] }] } }, DOC_BODY), true);
  });

  it('plain-text body, value-list pattern on body: filters on the text', () => {
    assert.equal(sqs({ body: ['plain-string'] }, 'plain-string'), true);
    assert.equal(sqs({ body: ['plain-string'] }, 'plain-string-not-matching'), false);
    assert.equal(sqs({ body: [{ prefix: 'Result: ' }] }, 'Result: ok'), true);
    assert.equal(sqs({ body: [{ 'anything-but': ['error'] }] }, 'warning'), true);
    assert.equal(sqs({ body: [{ 'anything-but': ['error'] }] }, 'error'), false);
  });

  it('plain-text body, nested pattern on body: the message is dropped, even for exists false', () => {
    assert.equal(sqs({ body: { 'my-key': ['my-value'] } }, 'plain-string'), false);
    assert.equal(sqs({ body: { 'my-key': [{ exists: false }] } }, 'plain-string'), false);
    assert.equal(sqs({ body: { 'my-key': [{ 'anything-but': 'x' }] } }, 'plain-string'), false);
  });

  it('JSON body, value-list pattern on body: the message is dropped', () => {
    assert.equal(sqs({ body: ['plain-string'] }, '{"valid-json-key": "plain-string"}'), false);
    assert.equal(sqs({ body: [{ exists: true }] }, '{"a": 1}'), false);
    assert.equal(sqs({ body: [{ exists: false }] }, '{"a": 1}'), false);
    assert.equal(sqs({ body: [{ 'anything-but': 'x' }] }, '{"a": 1}'), false);
  });

  it('no pattern on body: filters on the other fields whatever the body', () => {
    for (const body of ['plain text', '{"a": 1}', '']) {
      assert.equal(sqs({ attributes: { ApproximateReceiveCount: ['1'] } }, body), true, body);
      assert.equal(sqs({ messageAttributes: { Kind: { stringValue: ['refund'] } } }, body), false, body);
      assert.equal(sqs({ eventSource: ['aws:sqs'] }, body), true, body);
    }
  });

  it('reads objects and arrays as JSON, anything else as text', () => {
    assert.equal(sqs({ body: { a: [1] } }, '  {"a": 1}  '), true, 'whitespace around JSON');
    assert.equal(sqs({ body: { a: [1] } }, '[{"a": 2}, {"a": 1}]'), true, 'a JSON array');
    assert.equal(sqs({ body: ['42'] }, '42'), true, 'a bare number is text');
    assert.equal(sqs({ body: { a: [1] } }, '42'), false);
    assert.equal(sqs({ body: ['{not json'] }, '{not json'), true, 'broken JSON is text');
    assert.equal(sqs({ body: ['"quoted"'] }, '"quoted"'), true, 'a JSON string is text');
  });

  it('combines body and other fields with $or and AND', () => {
    const pattern = { $or: [{ body: { kind: ['order'] } }, { messageAttributes: { Kind: { stringValue: ['order'] } } }] };
    assert.equal(sqs(pattern, 'plain text'), true, 'the attribute branch holds');
    assert.equal(sqs({ body: { kind: ['order'] }, eventSource: ['aws:sqs'] }, '{"kind": "order"}'), true);
    assert.equal(sqs({ body: { kind: ['order'] }, eventSource: ['aws:kinesis'] }, '{"kind": "order"}'), false);
  });

  it('leaves the record it was built from untouched', () => {
    const record = sqsRecord('{"a": 1}');
    const candidate = sqsFilterCandidate(record);
    assert.equal(record.body, '{"a": 1}');
    assert.ok(candidate.body instanceof FilterPayload);
    assert.equal(candidate.body.format, 'json');
    assert.deepEqual(candidate.body.value, { a: 1 });
    assert.equal(candidate.messageId, 'm-1');
  });
});

describe('Kinesis', () => {
  const kinesisPart = (data: string | Buffer) => ({
    kinesisSchemaVersion: '1.0',
    partitionKey: '1',
    sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
    data: Buffer.from(data).toString('base64'),
    approximateArrivalTimestamp: 1545084650.987,
  });
  const kinesis = (pattern: unknown, data: string | Buffer) => matcher(pattern, 'kinesis')(kinesisFilterCandidate(kinesisPart(data)));
  const ORDER = JSON.stringify({ record: 12345, order: { type: 'buy', stock: 'ANYCO', quantity: 1000 } });

  it('matches the documented data example after decoding it', () => {
    assert.equal(kinesis({ data: { order: { type: ['buy'] } } }, ORDER), true);
    assert.equal(kinesis({ data: { order: { type: ['sell'] } } }, ORDER), false);
    assert.equal(kinesis({ data: { order: { quantity: [{ numeric: ['>=', 1000] }] } } }, ORDER), true);
    assert.equal(kinesis({ data: { City: ['Seattle'], Temperature: ['46'] } }, '{"City": "Seattle", "State": "WA", "Temperature": "46", "Month": "December"}'), true);
  });

  it('drops data that is not JSON for any pattern on data, exists false included', () => {
    assert.equal(kinesis({ data: { order: { type: ['buy'] } } }, 'buy'), false);
    assert.equal(kinesis({ data: { order: [{ exists: false }] } }, 'not json'), false);
  });

  it('filters records of any data on their other fields when the pattern names none of data', () => {
    assert.equal(kinesis({ partitionKey: ['1'] }, 'not json'), true);
    assert.equal(kinesis({ partitionKey: ['2'] }, ORDER), false);
    assert.equal(kinesis({ approximateArrivalTimestamp: [{ numeric: ['>', 1545084650] }] }, ORDER), true);
  });

  it('decodes UTF-8', () => {
    assert.equal(kinesis({ data: { city: ['Zürich'] } }, Buffer.from('{"city": "Zürich"}', 'utf8')), true);
  });
});

describe('Amazon MQ (RabbitMQ)', () => {
  const message = (data: string) => ({
    basicProperties: { contentType: 'text/plain', deliveryMode: 1 },
    redelivered: false,
    data: Buffer.from(data).toString('base64'),
  });
  const mq = (pattern: unknown, data: string) => matcher(pattern, 'rabbitmq')(rabbitmqFilterCandidate(message(data)));

  it('matches JSON data with a nested pattern', () => {
    assert.equal(mq({ data: { timeout: [{ numeric: ['>', 0] }] } }, '{"timeout": 0, "IPAddress": "203.0.113.254"}'), false);
    assert.equal(mq({ data: { timeout: [{ numeric: ['>', 0] }] } }, '{"timeout": 5, "IPAddress": "203.0.113.254"}'), true);
    assert.equal(mq({ data: { IPAddress: [{ cidr: '203.0.113.0/24' }] } }, '{"timeout": 5, "IPAddress": "203.0.113.254"}'), true);
  });

  it('matches plain-text data with a value list', () => {
    assert.equal(mq({ data: [{ prefix: 'Result: ' }] }, 'Result: done'), true);
    assert.equal(mq({ data: [{ prefix: 'Result: ' }] }, 'Error: failed'), false);
    assert.equal(mq({ data: [{ prefix: 'Result: ' }] }, '{"Result": "done"}'), false, 'JSON data against a value list');
  });

  it('filters on the message properties', () => {
    assert.equal(mq({ basicProperties: { contentType: ['text/plain'] } }, 'x'), true);
    assert.equal(mq({ redelivered: [true] }, 'x'), false);
  });
});

describe('DynamoDB Streams', () => {
  it('is the record as is, with a Date creation time turned into epoch seconds', () => {
    const record = { eventName: 'INSERT', dynamodb: { Keys: { id: { S: '1' } }, ApproximateCreationDateTime: new Date(1_545_084_650_000) } };
    const candidate = dynamodbFilterCandidate(record);
    assert.deepEqual(candidate, { eventName: 'INSERT', dynamodb: { Keys: { id: { S: '1' } }, ApproximateCreationDateTime: 1_545_084_650 } });
    assert.ok(record.dynamodb.ApproximateCreationDateTime instanceof Date, 'the record is untouched');
    const plain = { eventName: 'REMOVE', dynamodb: { ApproximateCreationDateTime: 1_545_084_650 } };
    assert.equal(dynamodbFilterCandidate(plain), plain);
  });

  it('matches the documented key and image filters', () => {
    const record = {
      eventName: 'INSERT',
      dynamodb: {
        Keys: { CustomerName: { S: 'AnyCompany Industries' } },
        NewImage: { AccountManager: { S: 'Pat Candella' }, PaymentTerms: { S: '60 days' }, CustomerName: { S: 'AnyCompany Industries' } },
        StreamViewType: 'NEW_IMAGE',
      },
    };
    const match = (pattern: unknown) => matcher(pattern, 'dynamodb-streams')(dynamodbFilterCandidate(record));
    assert.equal(match({ dynamodb: { Keys: { CustomerName: { S: ['AnyCompany Industries'] } } } }), true);
    assert.equal(match({ dynamodb: { NewImage: { AccountManager: { S: [{ exists: true }] } } } }), true);
    assert.equal(match({ dynamodb: { NewImage: { PaymentTerms: { S: [{ prefix: '60' }] } } }, eventName: ['INSERT'] }), true);
    assert.equal(match({ dynamodb: { NewImage: { PaymentTerms: { S: [{ prefix: '30' }] } } } }), false);
    assert.equal(match({ dynamodb: { OldImage: { AccountManager: { S: [{ exists: false }] } } } }), true);
  });
});
