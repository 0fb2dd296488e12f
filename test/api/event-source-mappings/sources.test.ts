/**
 * Each kind of source answered field for field as AWS records it (Kinesis, DynamoDB Streams, Amazon MQ),
 * sources that do not exist refused as AWS words it, sources that cannot be reached accepted, Kafka and
 * DocumentDB refused naming what Lambkin lacks, and tags on a mapping's ARN.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventSourceMappingCommand, GetEventSourceMappingCommand, ListTagsCommand, TagResourceCommand, UntagResourceCommand,
  UpdateEventSourceMappingCommand, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { startMoto } from '../../support/moto.js';
import { arnOf, createEcho, invalidParameter, rejectsWith, validation } from '../functions/fixtures.js';
import { body, mappingArn, motoSources, settledIn } from './fixtures.js';

const moto = await startMoto();
const server = await startLambkin({ env: moto.env });
const client: LambdaClient = server.client();
const sources = motoSources(moto);
await createEcho(client, 'fn');

const STREAM_DEFAULTS = {
  BatchSize: 100, BisectBatchOnFunctionError: false, DestinationConfig: { OnFailure: {} }, FunctionResponseTypes: [],
  LastProcessingResult: 'No records processed', MaximumBatchingWindowInSeconds: 0, MaximumRecordAgeInSeconds: -1,
  MaximumRetryAttempts: -1, ParallelizationFactor: 1, State: 'Creating', StateTransitionReason: 'User action', TumblingWindowInSeconds: 0,
};

test('a Kinesis mapping answers with every stream setting at its AWS default', async () => {
  const stream = await sources.stream('shape');
  const created = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'fn', EventSourceArn: stream, StartingPosition: 'LATEST' }));
  assert.equal(created.$metadata.httpStatusCode, 202);
  assert.deepEqual(body(created), {
    ...STREAM_DEFAULTS, UUID: created.UUID, EventSourceArn: stream, FunctionArn: arnOf('fn'), LastModified: created.LastModified,
    StartingPosition: 'LATEST', EventSourceMappingArn: mappingArn(created.UUID),
  });
});

test('a DynamoDB stream mapping as recorded: BatchSize 1, a window, an OnFailure queue, one retry', async () => {
  const stream = await sources.tableStream('shape');
  const queue = await sources.queue('shape-failures');
  const created = await client.send(new CreateEventSourceMappingCommand({
    FunctionName: 'fn', EventSourceArn: stream, DestinationConfig: { OnFailure: { Destination: queue } }, BatchSize: 1,
    StartingPosition: 'TRIM_HORIZON', MaximumBatchingWindowInSeconds: 1, MaximumRetryAttempts: 1,
  }));
  assert.deepEqual(body(created), {
    ...STREAM_DEFAULTS, BatchSize: 1, DestinationConfig: { OnFailure: { Destination: queue } }, MaximumBatchingWindowInSeconds: 1,
    MaximumRetryAttempts: 1, StartingPosition: 'TRIM_HORIZON', UUID: created.UUID, EventSourceArn: stream, FunctionArn: arnOf('fn'),
    LastModified: created.LastModified, EventSourceMappingArn: mappingArn(created.UUID),
  });
  const disabled = await client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: false }));
  assert.deepEqual(body(disabled), { ...body(created), State: 'Disabling', LastModified: disabled.LastModified });
});

test('sources that do not exist are refused in AWS words, on each endpoint', async () => {
  const queue = 'arn:aws:sqs:us-east-1:123456789012:nowhere';
  await rejectsWith(client.send(new CreateEventSourceMappingCommand({ FunctionName: 'fn', EventSourceArn: queue })), invalidParameter(
    'Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.'));
  const stream = 'arn:aws:kinesis:us-east-1:123456789012:stream/nowhere';
  await rejectsWith(client.send(new CreateEventSourceMappingCommand({ FunctionName: 'fn', EventSourceArn: stream, StartingPosition: 'LATEST' })),
    invalidParameter(`Stream not found: ${stream}`));
  const tableStream = 'arn:aws:dynamodb:us-east-1:123456789012:table/nowhere/stream/2025-02-22T03:03:25.490';
  await rejectsWith(client.send(new CreateEventSourceMappingCommand({ FunctionName: 'fn', EventSourceArn: tableStream, StartingPosition: 'LATEST' })),
    invalidParameter(`Stream not found: ${tableStream}`));
});

test('a queue that hides messages for less time than the function may run is refused, as AWS words it', async () => {
  await createEcho(client, 'slow-fn', { Timeout: 60 });
  const queue = await sources.queue('short-visibility'); // moto's default VisibilityTimeout: 30 s
  await rejectsWith(client.send(new CreateEventSourceMappingCommand({ FunctionName: 'slow-fn', EventSourceArn: queue })), invalidParameter(
    'Invalid request provided: Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds'));
  await createEcho(client, 'fits-fn', { Timeout: 30 });
  const mapped = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'fits-fn', EventSourceArn: queue }));
  assert.equal(mapped.State, 'Creating');
});

test('an Amazon MQ mapping keeps its queue and credentials; each is required', async () => {
  const broker = 'arn:aws:mq:us-east-1:000000000000:broker:rabbit:b-0123456789ab-cdef-0123-4567-89abcdef0123';
  const secret = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:rabbit-user-AbCdEf';
  const access = [{ Type: 'BASIC_AUTH' as const, URI: secret }, { Type: 'VIRTUAL_HOST' as const, URI: '/jobs' }];
  const created = await client.send(new CreateEventSourceMappingCommand({
    FunctionName: 'fn', EventSourceArn: broker, Queues: ['work'], SourceAccessConfigurations: access,
  }));
  assert.deepEqual(body(created), {
    UUID: created.UUID, BatchSize: 100, EventSourceArn: broker, FunctionArn: arnOf('fn'), LastModified: created.LastModified,
    LastProcessingResult: 'No records processed', State: 'Creating', StateTransitionReason: 'USER_INITIATED', Queues: ['work'],
    SourceAccessConfigurations: access, EventSourceMappingArn: mappingArn(created.UUID),
  });
  const updated = await client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 2, MaximumBatchingWindowInSeconds: 3 }));
  assert.deepEqual([updated.BatchSize, updated.MaximumBatchingWindowInSeconds, updated.State], [2, 3, 'Updating']);

  const mq = (extra: Record<string, unknown>) => client.send(new CreateEventSourceMappingCommand({ FunctionName: 'fn', EventSourceArn: broker, ...extra }));
  await rejectsWith(mq({ SourceAccessConfigurations: access }), invalidParameter("Required 'queues' parameter is missing."));
  await rejectsWith(mq({ Queues: ['other'] }), invalidParameter("Required 'sourceAccessConfigurations' parameter is missing."));
  await rejectsWith(mq({ Queues: ['a', 'b'], SourceAccessConfigurations: access }), validation(
    "Value '[a, b]' at 'queues' failed to satisfy constraint: Member must have length less than or equal to 1"));
  await rejectsWith(mq({ Queues: ['other'], SourceAccessConfigurations: [{ Type: 'VIRTUAL_HOST', URI: '/' }] }), invalidParameter(
    'An Amazon MQ event source needs a BASIC_AUTH source access configuration (a Secrets Manager secret with the broker user and password).'));
  await rejectsWith(mq({ Queues: ['other'], SourceAccessConfigurations: [{ Type: 'SASL_SCRAM_512_AUTH', URI: secret }] }), invalidParameter(
    'Unsupported source access configuration type SASL_SCRAM_512_AUTH for an Amazon MQ event source: use BASIC_AUTH and, optionally, VIRTUAL_HOST.'));
  await rejectsWith(mq({ Queues: ['other'], SourceAccessConfigurations: access, StartingPosition: 'LATEST' }),
    invalidParameter("Unsupported 'startingPosition' parameter for given event source mapping type."));
  await rejectsWith(mq({ Queues: ['work'], SourceAccessConfigurations: access }), {
    name: 'ResourceConflictException', status: 409, type: 'User',
    message: `The event source arn (" ${broker} ") and function (" fn ") provided mapping already exists. Please update or delete the existing mapping with UUID ${created.UUID}`,
  });
});

test('Kafka and DocumentDB sources are refused, naming what Lambkin lacks', async () => {
  const lacks = (what: string) => invalidParameter(`Lambkin does not support ${what}: it has no client for that broker. ` +
    'It reads Amazon SQS, Amazon Kinesis, Amazon DynamoDB Streams and Amazon MQ (RabbitMQ) event sources.');
  await rejectsWith(client.send(new CreateEventSourceMappingCommand({
    FunctionName: 'fn', EventSourceArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/demo/abcd1234-ab12-cd34-ef56-abcdef123456-1',
    Topics: ['topic'], StartingPosition: 'LATEST',
  })), lacks('Amazon MSK (Kafka) event sources'));
  await rejectsWith(client.send(new CreateEventSourceMappingCommand({
    FunctionName: 'fn', Topics: ['topic'], SelfManagedEventSource: { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: ['kafka:9092'] } },
    SourceAccessConfigurations: [{ Type: 'BASIC_AUTH', URI: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:k' }],
  })), lacks('self-managed Apache Kafka event sources (SelfManagedEventSource)'));
  await rejectsWith(client.send(new CreateEventSourceMappingCommand({
    FunctionName: 'fn', EventSourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:docs', StartingPosition: 'LATEST',
    DocumentDBEventSourceConfig: { DatabaseName: 'db', CollectionName: 'c' },
  })), lacks('Amazon DocumentDB change stream event sources'));
});

test('tags: given on Create, changed and listed through the mapping ARN, 204s as recorded; unknown ARNs are 404s', async () => {
  const queue = await sources.queue('tagged');
  const created = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'fn', EventSourceArn: queue, Tags: { testtag: 'v' } }));
  const arn = created.EventSourceMappingArn!;
  const settled = await settledIn(client, created.UUID, 'Enabled');
  const tags = async () => (await client.send(new ListTagsCommand({ Resource: arn }))).Tags;
  assert.deepEqual(await tags(), { testtag: 'v' });
  assert.equal((await client.send(new TagResourceCommand({ Resource: arn, Tags: { A: 'tag-a', B: 'tag-b' } }))).$metadata.httpStatusCode, 204);
  await client.send(new TagResourceCommand({ Resource: arn, Tags: { B: 'tag-b2' } }));
  assert.deepEqual(await tags(), { testtag: 'v', A: 'tag-a', B: 'tag-b2' });
  assert.equal((await client.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['A', 'testtag', 'nomatch'] }))).$metadata.httpStatusCode, 204);
  assert.deepEqual(await tags(), { B: 'tag-b2' });
  await client.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['B'] }));
  assert.deepEqual(await tags(), {});
  // A tag change is no settings change: the mapping's answer is the same.
  assert.deepEqual(body(await client.send(new GetEventSourceMappingCommand({ UUID: created.UUID }))), body(settled));

  const unknown = mappingArn('00000000-0000-4000-8000-000000000000');
  const notFound = { name: 'ResourceNotFoundException', status: 404, type: 'User' as const, message: `Event source mapping not found: ${unknown}` };
  await rejectsWith(client.send(new TagResourceCommand({ Resource: unknown, Tags: { a: 'b' } })), notFound);
  await rejectsWith(client.send(new UntagResourceCommand({ Resource: unknown, TagKeys: ['a'] })), notFound);
  await rejectsWith(client.send(new ListTagsCommand({ Resource: unknown })), notFound);
  await rejectsWith(client.send(new TagResourceCommand({ Resource: `${arn}:alias`, Tags: { a: 'b' } })), {
    name: 'ValidationException', status: 400,
    message: `1 validation error detected: Value '${arn}:alias' at 'resource' failed to satisfy constraint: Member must satisfy regular expression pattern: ` +
      'arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)',
  });
  const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
  await rejectsWith(client.send(new TagResourceCommand({ Resource: arn, Tags: many })), invalidParameter('Number of tags exceeds resource tag limit.'));
});

test('a source whose endpoint cannot be reached is still mapped; its poller will report the source', async () => {
  const offline = await startLambkin({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' } });
  const offlineClient = offline.client();
  await createEcho(offlineClient, 'fn');
  const queue = await offlineClient.send(new CreateEventSourceMappingCommand({ FunctionName: 'fn', EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:q' }));
  assert.equal(queue.State, 'Creating');
  const stream = await offlineClient.send(new CreateEventSourceMappingCommand({
    FunctionName: 'fn', EventSourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s', StartingPosition: 'LATEST',
  }));
  assert.equal(stream.State, 'Creating');
  await offline.stop();
});
