/** The event record built from what the SDK parsed, against the records AWS delivered. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { toEventRecord, wireAttribute } from '../../../src/sources/dynamodb-streams/event-record.js';
import { assertLikeRecording, recorded } from './recordings.js';

const STREAM_ARN = 'arn:aws:dynamodb:eu-central-1:123456789012:table/orders/stream/2024-05-01T10:20:30.123';
const CONTEXT = { streamArn: STREAM_ARN, region: 'eu-central-1' };

test('an INSERT is the record AWS delivered: binary as base64, the creation time in epoch seconds', () => {
  const sdkRecord: StreamRecord = {
    eventID: 'c81e728d9d4c2f636f067f89cc14862c',
    eventName: 'INSERT',
    eventVersion: '1.0',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    dynamodb: {
      ApproximateCreationDateTime: new Date(1_714_558_830_000),
      Keys: { my_partition_key: { S: 'hello world' } },
      NewImage: { binary_key: { B: Buffer.from('foobar') }, my_partition_key: { S: 'hello world' } },
      SequenceNumber: '100000000000000000001',
      SizeBytes: 70,
      StreamViewType: 'NEW_IMAGE',
    },
  };
  const record = toEventRecord(sdkRecord, CONTEXT);
  const [expected] = recorded('test_dynamodb_event_source_mapping').event_logs[0].Records;
  assertLikeRecording(record, expected);
  assert.equal((record.dynamodb as Record<string, unknown>).ApproximateCreationDateTime, 1_714_558_830);
  assert.equal(record.eventVersion, '1.1');
  assert.equal(record.awsRegion, 'eu-central-1');
  assert.equal(record.eventSourceARN, STREAM_ARN);
  assert.equal(JSON.stringify(record.dynamodb), JSON.stringify({
    ApproximateCreationDateTime: 1_714_558_830,
    Keys: { my_partition_key: { S: 'hello world' } },
    NewImage: { binary_key: { B: 'Zm9vYmFy' }, my_partition_key: { S: 'hello world' } },
    SequenceNumber: '100000000000000000001',
    SizeBytes: 70,
    StreamViewType: 'NEW_IMAGE',
  }));
});

test('a MODIFY carries both images, in the order AWS writes them', () => {
  const sdkRecord: StreamRecord = {
    eventID: 'e1', eventName: 'MODIFY', eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'eu-central-1',
    dynamodb: {
      ApproximateCreationDateTime: new Date(1_714_558_831_000),
      Keys: { id: { S: 'id_value' } },
      NewImage: { id2: { S: 'id2_new_value' }, id: { S: 'id_value' } },
      OldImage: { id: { S: 'id_value' } },
      SequenceNumber: '2', SizeBytes: 46, StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
  const events = recorded('test_dynamodb_event_filter[content_or_filter]')['lambda-multiple-log-events'];
  assertLikeRecording(toEventRecord(sdkRecord, CONTEXT), events[1].Records[0]);
});

test('a Time to Live delete names the DynamoDB service as its identity; other records have none', () => {
  const base: StreamRecord = {
    eventID: 'e2', eventName: 'REMOVE',
    dynamodb: { Keys: { id: { S: 'x' } }, OldImage: { id: { S: 'x' } }, SequenceNumber: '3', SizeBytes: 4, StreamViewType: 'OLD_IMAGE' },
  };
  const ttl = toEventRecord({ ...base, userIdentity: { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' } }, CONTEXT);
  assert.deepEqual(ttl.userIdentity, { type: 'Service', principalId: 'dynamodb.amazonaws.com' });
  assert.equal('userIdentity' in toEventRecord(base, CONTEXT), false);
  assert.equal('NewImage' in (ttl.dynamodb as object), false);
});

test('every attribute type is written as DynamoDB JSON, nested ones included', () => {
  assert.deepEqual(wireAttribute({ S: 'x' }), { S: 'x' });
  assert.deepEqual(wireAttribute({ N: '1.50' }), { N: '1.50' });
  assert.deepEqual(wireAttribute({ SS: ['a', 'b'] }), { SS: ['a', 'b'] });
  assert.deepEqual(wireAttribute({ NS: ['1', '2'] }), { NS: ['1', '2'] });
  assert.deepEqual(wireAttribute({ BOOL: false }), { BOOL: false });
  assert.deepEqual(wireAttribute({ NULL: true }), { NULL: true });
  assert.deepEqual(wireAttribute({ BS: [Buffer.from('q'), new Uint8Array([0xff, 0x00])] }), { BS: ['cQ==', '/wA='] });
  assert.deepEqual(
    wireAttribute({ M: { inner: { L: [{ B: Buffer.from('foobar') }, { M: { n: { N: '7' } } }] } } }),
    { M: { inner: { L: [{ B: 'Zm9vYmFy' }, { M: { n: { N: '7' } } }] } } },
  );
});

test('a binary attribute that is a view into a larger buffer is encoded from its own bytes only', () => {
  const whole = Buffer.from('xxfoobarxx');
  assert.deepEqual(wireAttribute({ B: new Uint8Array(whole.buffer, whole.byteOffset + 2, 6) }), { B: 'Zm9vYmFy' });
});
