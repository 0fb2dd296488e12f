import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStreamArn, parseStreamArn } from '../../../src/sources/dynamodb-streams/arn.js';

test('a stream ARN is read whole, colons of its label included', () => {
  assert.deepEqual(parseStreamArn('arn:aws:dynamodb:eu-west-2:123456789012:table/orders/stream/2024-05-01T10:20:30.123'), {
    partition: 'aws', region: 'eu-west-2', account: '123456789012', table: 'orders', label: '2024-05-01T10:20:30.123',
  });
  assert.equal(parseStreamArn('arn:aws-cn:dynamodb:cn-north-1:123456789012:table/t/stream/x')?.partition, 'aws-cn');
});

test('a table ARN, a Kinesis stream or a queue is no DynamoDB stream', () => {
  assert.equal(isStreamArn('arn:aws:dynamodb:us-east-1:123456789012:table/orders'), false);
  assert.equal(isStreamArn('arn:aws:kinesis:us-east-1:123456789012:stream/orders'), false);
  assert.equal(isStreamArn('arn:aws:sqs:us-east-1:123456789012:orders'), false);
  assert.equal(isStreamArn(undefined), false);
  assert.equal(isStreamArn('arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-05-01T10:20:30.123'), true);
});
