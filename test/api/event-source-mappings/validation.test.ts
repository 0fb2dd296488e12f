/**
 * What a Create or an Update may set, per kind of source, against real queues and streams on moto:
 * AWS's defaults and limits, the settings refused on sources that do not take them, and AWS's words.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventSourceMappingCommand, UpdateEventSourceMappingCommand, type CreateEventSourceMappingCommandInput, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { startMoto } from '../../support/moto.js';
import { arnOf, createEcho, invalidParameter, rejectsWith, validation } from '../functions/fixtures.js';
import { motoSources } from './fixtures.js';

const moto = await startMoto();
const server = await startLambkin({ env: moto.env });
const client: LambdaClient = server.client();
const sources = motoSources(moto);
await createEcho(client, 'fn');
const [QUEUE, FIFO, STREAM, TABLE_STREAM] = await Promise.all([
  sources.queue('plain'), sources.queue('ordered.fifo'), sources.stream('clicks'), sources.tableStream('items'),
]);

let functions = 0;
/** Each accepted mapping gets a function of its own, so no two collide as duplicates. */
async function create(input: Partial<CreateEventSourceMappingCommandInput>) {
  const name = `fn${++functions}`;
  await createEcho(client, name);
  return client.send(new CreateEventSourceMappingCommand({ FunctionName: name, ...input }));
}
const refuse = (input: Partial<CreateEventSourceMappingCommandInput>) =>
  client.send(new CreateEventSourceMappingCommand({ FunctionName: 'fn', ...input }));
const unsupported = (name: string) => invalidParameter(`Unsupported '${name}' parameter for given event source mapping type.`);

test('SQS: BatchSize up to 10 without a window, up to 10000 with one; FIFO up to 10 and no window', async () => {
  assert.equal((await create({ EventSourceArn: QUEUE, BatchSize: 10 })).BatchSize, 10);
  const big = await create({ EventSourceArn: QUEUE, BatchSize: 10_000, MaximumBatchingWindowInSeconds: 300 });
  assert.deepEqual([big.BatchSize, big.MaximumBatchingWindowInSeconds], [10_000, 300]);
  const tooBig = 'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10';
  await rejectsWith(refuse({ EventSourceArn: QUEUE, BatchSize: 11 }), invalidParameter(tooBig));
  await rejectsWith(refuse({ EventSourceArn: QUEUE, BatchSize: 11, MaximumBatchingWindowInSeconds: 0 }), invalidParameter(tooBig));
  await rejectsWith(refuse({ EventSourceArn: QUEUE, BatchSize: 10_001, MaximumBatchingWindowInSeconds: 1 }), validation(
    "Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000"));
  await rejectsWith(refuse({ EventSourceArn: QUEUE, MaximumBatchingWindowInSeconds: 301 }), validation(
    "Value '301' at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 300"));
  // An Update is held to the same rule, on the mapping as it would be.
  const small = await create({ EventSourceArn: QUEUE });
  await rejectsWith(client.send(new UpdateEventSourceMappingCommand({ UUID: small.UUID, BatchSize: 20 })), invalidParameter(tooBig));
  assert.equal((await client.send(new UpdateEventSourceMappingCommand({ UUID: small.UUID, BatchSize: 20, MaximumBatchingWindowInSeconds: 1 }))).BatchSize, 20);

  const fifo = await create({ EventSourceArn: FIFO });
  assert.deepEqual([fifo.BatchSize, fifo.MaximumBatchingWindowInSeconds], [10, 0]);
  await rejectsWith(refuse({ EventSourceArn: FIFO, BatchSize: 11, MaximumBatchingWindowInSeconds: 1 }), invalidParameter('Maximum batch size must be between 1 and 10 inclusive'));
  await rejectsWith(refuse({ EventSourceArn: FIFO, MaximumBatchingWindowInSeconds: 1 }), invalidParameter('Batching window is not supported for FIFO queues'));
});

test('SQS: stream settings refused, each with AWS message; ScalingConfig and ReportBatchItemFailures kept', async () => {
  await rejectsWith(refuse({ EventSourceArn: QUEUE, StartingPosition: 'LATEST' }), invalidParameter('StartingPosition is not valid for SQS event sources.'));
  await rejectsWith(refuse({ EventSourceArn: QUEUE, StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: new Date() }),
    invalidParameter('StartingPosition is not valid for SQS event sources.'));
  await rejectsWith(refuse({ EventSourceArn: QUEUE, StartingPosition: '0' as 'LATEST' }), validation(
    "Value '0' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]"));
  await rejectsWith(refuse({ EventSourceArn: QUEUE, ParallelizationFactor: 2 }), unsupported('parallelizationFactor'));
  await rejectsWith(refuse({ EventSourceArn: QUEUE, MaximumRetryAttempts: 2 }), unsupported('maximumRetryAttempts'));
  await rejectsWith(refuse({ EventSourceArn: QUEUE, MaximumRecordAgeInSeconds: 60 }), unsupported('maximumRecordAgeInSeconds'));
  await rejectsWith(refuse({ EventSourceArn: QUEUE, BisectBatchOnFunctionError: true }), unsupported('bisectBatchOnFunctionError'));
  await rejectsWith(refuse({ EventSourceArn: QUEUE, TumblingWindowInSeconds: 10 }), unsupported('tumblingWindowInSeconds'));
  await rejectsWith(refuse({ EventSourceArn: QUEUE, Queues: ['q'] }), unsupported('queues'));
  await rejectsWith(refuse({ EventSourceArn: QUEUE, DestinationConfig: { OnFailure: { Destination: QUEUE } } }),
    invalidParameter('Unsupported DestinationConfig parameter for given event source mapping type.'));
  await rejectsWith(refuse({ EventSourceArn: QUEUE, ScalingConfig: { MaximumConcurrency: 1 } }), validation(
    "Value '1' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 2"));

  const kept = await create({
    EventSourceArn: QUEUE, ScalingConfig: { MaximumConcurrency: 1000 }, FunctionResponseTypes: ['ReportBatchItemFailures'],
    KMSKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/1234', MetricsConfig: { Metrics: ['EventCount'] },
  });
  assert.deepEqual(kept.ScalingConfig, { MaximumConcurrency: 1000 });
  assert.deepEqual(kept.FunctionResponseTypes, ['ReportBatchItemFailures']);
  assert.equal(kept.KMSKeyArn, 'arn:aws:kms:us-east-1:000000000000:key/1234');
  assert.deepEqual(kept.MetricsConfig, { Metrics: ['EventCount'] });
});

test('the recorded exceptions: no source, OnSuccess before the function, a missing function', async () => {
  await rejectsWith(client.send(new CreateEventSourceMappingCommand({ FunctionName: 'doesnotexist' })), invalidParameter('Unrecognized event source.'));
  const other = 'arn:aws:sqs:us-east-1:111111111111:somequeue';
  await rejectsWith(client.send(new CreateEventSourceMappingCommand({
    FunctionName: 'doesnotexist', EventSourceArn: other, DestinationConfig: { OnSuccess: { Destination: `${other}2` } },
  })), invalidParameter('Unsupported DestinationConfig parameter for given event source mapping type.'));
  await rejectsWith(client.send(new CreateEventSourceMappingCommand({ FunctionName: 'doesnotexist', EventSourceArn: other })),
    invalidParameter('Function does not exist'));
  await rejectsWith(refuse({ EventSourceArn: 'arn:aws:s3:::bucket' }), invalidParameter('Unrecognized event source.'));
});

test('FilterCriteria: patterns kept as given, an empty list dropped, a bad pattern refused as AWS does', async () => {
  const pattern = JSON.stringify({ body: { kind: ['order'] } });
  const filtered = await create({ EventSourceArn: QUEUE, FilterCriteria: { Filters: [{ Pattern: pattern }] } });
  assert.deepEqual(filtered.FilterCriteria, { Filters: [{ Pattern: pattern }] });
  const bare = await create({ EventSourceArn: STREAM, StartingPosition: 'LATEST', FilterCriteria: { Filters: [] } });
  assert.equal(bare.FilterCriteria, undefined);
  for (const bad of ['simple string', '{"body": {"kind": "order"}}', '[{"eventName": ["INSERT"=123}]']) {
    await rejectsWith(refuse({ EventSourceArn: QUEUE, FilterCriteria: { Filters: [{ Pattern: bad }] } }), invalidParameter('Invalid filter pattern definition.'));
  }
  // An Update replaces the filters, and is held to the same rule.
  const updated = await client.send(new UpdateEventSourceMappingCommand({ UUID: filtered.UUID, FilterCriteria: { Filters: [] } }));
  assert.equal(updated.FilterCriteria, undefined);
  await rejectsWith(client.send(new UpdateEventSourceMappingCommand({ UUID: filtered.UUID, FilterCriteria: { Filters: [{ Pattern: 'nope' }] } })),
    invalidParameter('Invalid filter pattern definition.'));
});

test('streams: StartingPosition required, AT_TIMESTAMP only on Kinesis and only with a timestamp', async () => {
  const required = "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.";
  await rejectsWith(refuse({ EventSourceArn: STREAM }), invalidParameter(required));
  await rejectsWith(refuse({ EventSourceArn: TABLE_STREAM }), invalidParameter(required));
  const at = new Date(Math.floor(Date.now() / 1000) * 1000);
  for (const arn of [STREAM, TABLE_STREAM]) {
    await rejectsWith(refuse({ EventSourceArn: arn, StartingPosition: 'LATEST', StartingPositionTimestamp: at }),
      invalidParameter('Timestamp only valid with StartingPosition AT_TIMESTAMP'));
  }
  await rejectsWith(refuse({ EventSourceArn: TABLE_STREAM, StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: at }),
    invalidParameter(`Unsupported starting position for arn type: ${TABLE_STREAM}`));
  await rejectsWith(refuse({ EventSourceArn: STREAM, StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: new Date(-at.getTime()) }),
    invalidParameter('Received Exception while reading from provided stream. class java.lang.Long can not be converted to a Timestamp'));
  await rejectsWith(refuse({ EventSourceArn: STREAM, StartingPosition: 'AT_TIMESTAMP' }), invalidParameter('Need to specify a timestamp'));
  const timed = await create({ EventSourceArn: STREAM, StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: at });
  assert.equal(timed.StartingPosition, 'AT_TIMESTAMP');
  assert.deepEqual(timed.StartingPositionTimestamp, at);
});

test('streams: retry, age, window and parallelism limits; queue-only settings refused', async () => {
  await rejectsWith(refuse({ EventSourceArn: STREAM, StartingPosition: 'LATEST', MaximumRecordAgeInSeconds: 59 }),
    invalidParameter('MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)'));
  await rejectsWith(refuse({ EventSourceArn: STREAM, StartingPosition: 'LATEST', MaximumRecordAgeInSeconds: 0 }),
    invalidParameter('MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)'));
  await rejectsWith(refuse({ EventSourceArn: STREAM, StartingPosition: 'LATEST', MaximumRecordAgeInSeconds: 604_801 }), validation(
    "Value '604801' at 'maximumRecordAgeInSeconds' failed to satisfy constraint: Member must have value less than or equal to 604800"));
  await rejectsWith(refuse({ EventSourceArn: STREAM, StartingPosition: 'LATEST', ParallelizationFactor: 11 }), validation(
    "Value '11' at 'parallelizationFactor' failed to satisfy constraint: Member must have value less than or equal to 10"));
  await rejectsWith(refuse({ EventSourceArn: STREAM, StartingPosition: 'LATEST', MaximumRetryAttempts: -2 }), validation(
    "Value '-2' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value greater than or equal to -1"));
  await rejectsWith(refuse({ EventSourceArn: STREAM, StartingPosition: 'LATEST', TumblingWindowInSeconds: 901 }), validation(
    "Value '901' at 'tumblingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 900"));
  await rejectsWith(refuse({ EventSourceArn: STREAM, StartingPosition: 'LATEST', ScalingConfig: { MaximumConcurrency: 2 } }), unsupported('scalingConfig'));
  await rejectsWith(refuse({ EventSourceArn: TABLE_STREAM, StartingPosition: 'LATEST', DestinationConfig: { OnSuccess: { Destination: QUEUE } } }),
    invalidParameter('Unsupported DestinationConfig parameter for given event source mapping type.'));

  const tuned = await create({
    EventSourceArn: STREAM, StartingPosition: 'TRIM_HORIZON', BatchSize: 10_000, MaximumBatchingWindowInSeconds: 5, ParallelizationFactor: 10,
    MaximumRecordAgeInSeconds: 60, MaximumRetryAttempts: 10_000, BisectBatchOnFunctionError: true, TumblingWindowInSeconds: 900,
    FunctionResponseTypes: ['ReportBatchItemFailures'], DestinationConfig: { OnFailure: { Destination: QUEUE } },
  });
  assert.deepEqual(
    [tuned.BatchSize, tuned.MaximumBatchingWindowInSeconds, tuned.ParallelizationFactor, tuned.MaximumRecordAgeInSeconds, tuned.MaximumRetryAttempts,
      tuned.BisectBatchOnFunctionError, tuned.TumblingWindowInSeconds, tuned.FunctionResponseTypes, tuned.DestinationConfig],
    [10_000, 5, 10, 60, 10_000, true, 900, ['ReportBatchItemFailures'], { OnFailure: { Destination: QUEUE } }],
  );
  // Clearing the destination leaves the empty OnFailure AWS answers with.
  const cleared = await client.send(new UpdateEventSourceMappingCommand({ UUID: tuned.UUID, DestinationConfig: { OnFailure: {} } }));
  assert.deepEqual(cleared.DestinationConfig, { OnFailure: {} });
  await rejectsWith(client.send(new UpdateEventSourceMappingCommand({ UUID: tuned.UUID, MaximumRecordAgeInSeconds: 10 })),
    invalidParameter('MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)'));
  assert.equal((await client.send(new UpdateEventSourceMappingCommand({ UUID: tuned.UUID, MaximumRecordAgeInSeconds: -1 }))).MaximumRecordAgeInSeconds, -1);
});

test('a second mapping of a stream to the same function is a 409 in AWS stream wording', async () => {
  await createEcho(client, 'streamed');
  for (const arn of [STREAM, TABLE_STREAM]) {
    const first = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'streamed', EventSourceArn: arn, StartingPosition: 'LATEST' }));
    await rejectsWith(client.send(new CreateEventSourceMappingCommand({ FunctionName: arnOf('streamed'), EventSourceArn: arn, StartingPosition: 'TRIM_HORIZON' })), {
      name: 'ResourceConflictException', status: 409, type: 'User',
      message: `The event source arn (" ${arn} ") and function (" streamed ") provided mapping already exists. Please update or delete the existing mapping with UUID ${first.UUID}`,
    });
  }
});
