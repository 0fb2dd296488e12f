// An SQS message as the function's event record: AWS's fields, order and attribute shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventRecord } from '../../../src/sources/sqs/event.js';
import { queueRef, sqsSettings } from '../../../src/sources/sqs/settings.js';

const queue = queueRef('arn:aws:sqs:eu-west-1:111111111111:orders')!;

test('a message without attributes: empty messageAttributes, null md5OfMessageAttributes, the four system attributes', () => {
  const record = eventRecord({
    MessageId: 'id-1', ReceiptHandle: 'rh', Body: '{"foo": "bar"}', MD5OfBody: 'md5',
    Attributes: { SenderId: 'AID', SentTimestamp: '10', ApproximateReceiveCount: '1', ApproximateFirstReceiveTimestamp: '11' },
  }, queue);
  assert.deepEqual(Object.keys(record), [
    'messageId', 'receiptHandle', 'body', 'attributes', 'messageAttributes', 'md5OfMessageAttributes', 'md5OfBody',
    'eventSource', 'eventSourceARN', 'awsRegion',
  ]);
  assert.deepEqual(record, {
    messageId: 'id-1', receiptHandle: 'rh', body: '{"foo": "bar"}',
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '10', SenderId: 'AID', ApproximateFirstReceiveTimestamp: '11' },
    messageAttributes: {}, md5OfMessageAttributes: null, md5OfBody: 'md5',
    eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:eu-west-1:111111111111:orders', awsRegion: 'eu-west-1',
  });
  assert.deepEqual(Object.keys(record.attributes), ['ApproximateReceiveCount', 'SentTimestamp', 'SenderId', 'ApproximateFirstReceiveTimestamp']);
});

test('message attributes in Lambda\'s lower-camel shape, binary values in base64', () => {
  const record = eventRecord({
    MessageId: 'id', ReceiptHandle: 'rh', Body: 'x', MD5OfBody: 'm', MD5OfMessageAttributes: 'ma',
    MessageAttributes: {
      Title: { DataType: 'String', StringValue: 'The Whistler' },
      WeeksOn: { DataType: 'Number', StringValue: '6' },
      Blob: { DataType: 'Binary', BinaryValue: Buffer.from('1100') },
    },
  }, queue);
  assert.deepEqual(record.messageAttributes, {
    Title: { stringValue: 'The Whistler', stringListValues: [], binaryListValues: [], dataType: 'String' },
    WeeksOn: { stringValue: '6', stringListValues: [], binaryListValues: [], dataType: 'Number' },
    Blob: { binaryValue: 'MTEwMA==', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
  });
  assert.deepEqual(Object.keys(record.messageAttributes.Title!), ['stringValue', 'stringListValues', 'binaryListValues', 'dataType']);
  assert.equal(record.md5OfMessageAttributes, 'ma');
});

test('FIFO system attributes are passed on; attributes Lambda does not pass are not', () => {
  const record = eventRecord({
    MessageId: 'id', ReceiptHandle: 'rh', Body: 'x', MD5OfBody: 'm',
    Attributes: {
      ApproximateFirstReceiveTimestamp: '3', MessageGroupId: 'g', SenderId: 's', SentTimestamp: '1', ApproximateReceiveCount: '2',
      SequenceNumber: '18849496460467696128', MessageDeduplicationId: 'd',
      Policy: 'not a message attribute',
    } as Record<string, string>,
  }, queue);
  assert.deepEqual(Object.entries(record.attributes), [
    ['ApproximateReceiveCount', '2'], ['SentTimestamp', '1'], ['SequenceNumber', '18849496460467696128'], ['MessageGroupId', 'g'],
    ['SenderId', 's'], ['MessageDeduplicationId', 'd'], ['ApproximateFirstReceiveTimestamp', '3'],
  ]);
});

test('settings: AWS\'s defaults, FIFO by the queue name, MaximumConcurrency capping the pollers', () => {
  const base = { EventSourceArn: 'arn:aws:sqs:us-east-1:111111111111:jobs.fifo' };
  assert.deepEqual(sqsSettings(base, 'us-east-1'), {
    queue: { arn: base.EventSourceArn, name: 'jobs.fifo', account: '111111111111', region: 'us-east-1', fifo: true },
    batchSize: 10, windowMs: 0, reportItemFailures: false, initialPollers: 5, maxPollers: 1250,
  });
  const capped = sqsSettings({ ...base, ScalingConfig: { MaximumConcurrency: 2 }, BatchSize: 50, MaximumBatchingWindowInSeconds: 3, FunctionResponseTypes: ['ReportBatchItemFailures'] }, 'us-east-1');
  assert.deepEqual([capped.initialPollers, capped.maxPollers, capped.batchSize, capped.windowMs, capped.reportItemFailures], [2, 2, 50, 3000, true]);
  assert.equal(queueRef('arn:aws:kinesis:us-east-1:111111111111:stream/s'), undefined);
  assert.equal(queueRef(undefined), undefined);
});
