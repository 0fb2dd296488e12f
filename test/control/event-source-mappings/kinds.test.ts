/** Which kind of source an ARN or a Create names, and the defaults each kind answers with. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kindOfArn, kindOfRequest } from '../../../src/control/event-source-mappings/kinds.js';
import { batchLimits, initialTransitionReason, kindDefaults, withKindShape } from '../../../src/control/event-source-mappings/defaults.js';

test('ARNs name their kind of source; anything else is no source', () => {
  const cases: Array<[string, string | undefined]> = [
    ['arn:aws:sqs:us-east-1:000000000000:q', 'sqs'],
    ['arn:aws:sqs:us-east-1:000000000000:q.fifo', 'sqs'],
    ['arn:aws:kinesis:us-east-1:000000000000:stream/s', 'kinesis'],
    ['arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1', 'kinesis'],
    ['arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2024-01-01T00:00:00.000', 'dynamodb-streams'],
    ['arn:aws:dynamodb:us-east-1:000000000000:table/t', undefined],
    ['arn:aws:mq:us-east-1:000000000000:broker:b:b-1', 'mq'],
    ['arn:aws:kafka:us-east-1:000000000000:cluster/c/1', 'msk'],
    ['arn:aws:rds:us-east-1:000000000000:cluster:docs', 'documentdb'],
    ['arn:aws:s3:::bucket', undefined],
    ['not an arn', undefined],
  ];
  for (const [arn, kind] of cases) assert.equal(kindOfArn(arn), kind, arn);
  assert.equal(kindOfRequest({ SelfManagedEventSource: { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: ['k:9092'] } } }), 'self-managed-kafka');
  assert.equal(kindOfRequest({}), undefined);
});

test('each kind answers with its own defaults and wording', () => {
  assert.deepEqual(batchLimits('sqs', false), { defaultSize: 10, maxSize: 10_000 });
  assert.deepEqual(batchLimits('sqs', true), { defaultSize: 10, maxSize: 10 });
  assert.deepEqual(batchLimits('kinesis', false), { defaultSize: 100, maxSize: 10_000 });
  assert.deepEqual(batchLimits('mq', false), { defaultSize: 100, maxSize: 10_000 });
  assert.equal(initialTransitionReason('sqs'), 'USER_INITIATED');
  assert.equal(initialTransitionReason('mq'), 'USER_INITIATED');
  assert.equal(initialTransitionReason('dynamodb-streams'), 'User action');
  assert.equal(kindDefaults('sqs').StartingPosition, undefined);
  assert.equal(kindDefaults('sqs').LastProcessingResult, undefined);
  assert.deepEqual(kindDefaults('kinesis').DestinationConfig, { OnFailure: {} });
  assert.equal(kindDefaults('mq').MaximumBatchingWindowInSeconds, undefined);
  assert.deepEqual(withKindShape('kinesis', { DestinationConfig: {} }).DestinationConfig, { OnFailure: {} });
  assert.deepEqual(withKindShape('sqs', {}), {});
});
