/**
 * The mapping lifecycle against a real server and real queues on moto: Create, Get, List, Update and
 * Delete with AWS's answers and status codes, the States the API writes, function name forms, paging,
 * mappings deleted with their function and kept across a restart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand, CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, DeleteFunctionCommand,
  GetEventSourceMappingCommand, ListEventSourceMappingsCommand, ListTagsCommand, PublishVersionCommand, UpdateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput, type EventSourceMappingConfiguration, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { startMoto } from '../../support/moto.js';
import { arnOf, createEcho, invalidParameter, rejectsWith } from '../functions/fixtures.js';
import { body, mappingArn, mappingNotFound, motoSources, removedIn, settledIn, UUID } from './fixtures.js';

const moto = await startMoto();
const server = await startLambkin({ env: moto.env });
const client: LambdaClient = server.client();
const sources = motoSources(moto);
await createEcho(client, 'consumer');
const QUEUE = await sources.queue('orders');

const create = (input: Partial<CreateEventSourceMappingCommandInput>) =>
  client.send(new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: QUEUE, ...input }));
const remove = (uuid: string | undefined) => client.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));

test('an SQS mapping: 202 Creating with its ARN and AWS defaults, the same on Get and List, then Deleting', async () => {
  const created = await create({});
  assert.equal(created.$metadata.httpStatusCode, 202);
  assert.match(created.UUID!, UUID);
  assert.ok(created.LastModified instanceof Date);
  assert.ok(Math.abs(created.LastModified.getTime() - Date.now()) < 60_000, String(created.LastModified));
  const expected: EventSourceMappingConfiguration = {
    UUID: created.UUID, BatchSize: 10, MaximumBatchingWindowInSeconds: 0, EventSourceArn: QUEUE, FunctionArn: arnOf('consumer'),
    FunctionResponseTypes: [], LastModified: created.LastModified, State: 'Creating', StateTransitionReason: 'USER_INITIATED',
    EventSourceMappingArn: mappingArn(created.UUID),
  };
  assert.deepEqual(body(created), expected);

  // The source manager settles the State and stamps the change.
  const got = await settledIn(client, created.UUID, 'Enabled');
  assert.equal(got.$metadata.httpStatusCode, 200);
  const enabled = { ...expected, State: 'Enabled', LastModified: got.LastModified };
  assert.deepEqual(body(got), enabled);

  const listed = await client.send(new ListEventSourceMappingsCommand({ FunctionName: 'consumer' }));
  assert.equal(listed.$metadata.httpStatusCode, 200);
  assert.deepEqual(listed.EventSourceMappings, [enabled]);
  assert.equal(listed.NextMarker, undefined);

  const deleted = await remove(created.UUID);
  assert.equal(deleted.$metadata.httpStatusCode, 202);
  assert.deepEqual(body(deleted), { ...enabled, State: 'Deleting' });
  // The manager removes it once its poller has stopped; then it is gone for every operation.
  await removedIn(client, created.UUID);
  await rejectsWith(remove(created.UUID), mappingNotFound);
  await rejectsWith(client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 1 })), mappingNotFound);
});

test('Update answers 202: Updating with the new settings and a later LastModified; Enabled switches say Enabling or Disabling', async () => {
  await createEcho(client, 'switched');
  const created = await create({ FunctionName: 'switched', BatchSize: 5 });
  const updated = await client.send(new UpdateEventSourceMappingCommand({
    UUID: created.UUID, BatchSize: 50, MaximumBatchingWindowInSeconds: 2, FunctionResponseTypes: ['ReportBatchItemFailures'],
    ScalingConfig: { MaximumConcurrency: 5 },
  }));
  assert.equal(updated.$metadata.httpStatusCode, 202);
  assert.ok(updated.LastModified! >= created.LastModified!);
  assert.deepEqual(body(updated), {
    ...body(created), BatchSize: 50, MaximumBatchingWindowInSeconds: 2, FunctionResponseTypes: ['ReportBatchItemFailures'],
    ScalingConfig: { MaximumConcurrency: 5 }, State: 'Updating', LastModified: updated.LastModified,
  });

  await settledIn(client, created.UUID, 'Enabled');

  const off = await client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: false }));
  assert.equal(off.State, 'Disabling');
  await settledIn(client, created.UUID, 'Disabled');
  const on = await client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: true }));
  assert.equal(on.State, 'Enabling');
  await settledIn(client, created.UUID, 'Enabled');
  // An empty ScalingConfig lifts the cap.
  const lifted = await client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, ScalingConfig: {} }));
  assert.equal(lifted.ScalingConfig, undefined);
  assert.equal(lifted.State, 'Updating');
});

test('a mapping created disabled says Disabled, stays so through an Update, and Enabling when switched on', async () => {
  await createEcho(client, 'dormant');
  const created = await create({ FunctionName: 'dormant', Enabled: false, BatchSize: 1 });
  assert.equal(created.State, 'Disabled');
  assert.equal(created.StateTransitionReason, 'USER_INITIATED');
  assert.equal((await client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 2 }))).State, 'Disabled');
  assert.equal((await client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: false }))).State, 'Disabled');
  assert.equal((await client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, Enabled: true }))).State, 'Enabling');
});

test('Update moves a mapping to another function, refused for a function that does not exist', async () => {
  await createEcho(client, 'before');
  await createEcho(client, 'after');
  const created = await create({ FunctionName: 'before' });
  const moved = await client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, FunctionName: 'after' }));
  assert.equal(moved.FunctionArn, arnOf('after'));
  assert.deepEqual((await client.send(new ListEventSourceMappingsCommand({ FunctionName: 'before' }))).EventSourceMappings, []);
  assert.deepEqual((await client.send(new ListEventSourceMappingsCommand({ FunctionName: 'after' }))).EventSourceMappings?.map((m) => m.UUID), [created.UUID]);
  await rejectsWith(client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, FunctionName: 'nobody' })), invalidParameter('Function does not exist'));
});

test('an unknown UUID on Get, Update and Delete is a 404 with AWS message; List does not check its filters', async () => {
  const uuid = '00000000-0000-4000-8000-000000000000';
  await rejectsWith(client.send(new GetEventSourceMappingCommand({ UUID: uuid })), mappingNotFound);
  await rejectsWith(client.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false })), mappingNotFound);
  await rejectsWith(remove(uuid), mappingNotFound);
  assert.deepEqual((await client.send(new ListEventSourceMappingsCommand({ FunctionName: 'doesnotexist' }))).EventSourceMappings, []);
  const other = 'arn:aws:sqs:us-east-1:111111111111:somequeue';
  assert.deepEqual((await client.send(new ListEventSourceMappingsCommand({ EventSourceArn: other }))).EventSourceMappings, []);
});

test('a missing function is refused before the mapping exists, with AWS recorded message', async () => {
  await rejectsWith(create({ FunctionName: 'doesnotexist' }), invalidParameter('Function does not exist'));
  await rejectsWith(create({ FunctionName: 'consumer:7' }), invalidParameter('Function does not exist'));
  await rejectsWith(create({ FunctionName: 'consumer:nosuchalias' }), invalidParameter('Function does not exist'));
});

test('FunctionArn keeps the qualifier as named: $LATEST, a version, an alias; a full unqualified ARN stays unqualified', async () => {
  await createEcho(client, 'named');
  await client.send(new PublishVersionCommand({ FunctionName: 'named' }));
  await client.send(new CreateAliasCommand({ FunctionName: 'named', Name: 'live', FunctionVersion: '1' }));
  const cases: Array<[string, string]> = [
    ['named', arnOf('named')], ['named:$LATEST', arnOf('named', undefined, '$LATEST')], ['named:1', arnOf('named', undefined, '1')],
    ['named:live', arnOf('named', undefined, 'live')], [arnOf('named'), arnOf('named')], [arnOf('named', undefined, 'live'), arnOf('named', undefined, 'live')],
  ];
  for (const [name, arn] of cases) {
    const created = await create({ FunctionName: name });
    assert.equal(created.FunctionArn, arn, name);
    await remove(created.UUID);
  }
  // A qualified name lists that qualifier's mappings, an unqualified one the function's own.
  const plain = await create({ FunctionName: 'named' });
  const aliased = await create({ FunctionName: 'named:live' });
  const list = async (FunctionName: string) =>
    (await client.send(new ListEventSourceMappingsCommand({ FunctionName }))).EventSourceMappings!.filter((m) => m.State !== 'Deleting').map((m) => m.UUID);
  assert.deepEqual(await list('named'), [plain.UUID]);
  assert.deepEqual(await list('named:live'), [aliased.UUID]);
  assert.deepEqual(await list(arnOf('named', undefined, 'live')), [aliased.UUID]);
});

test('a second mapping of the same queue to the same function is a 409 naming the first; another function may map it', async () => {
  await createEcho(client, 'twice');
  await createEcho(client, 'other');
  const first = await create({ FunctionName: 'twice' });
  await rejectsWith(create({ FunctionName: 'twice' }), {
    name: 'ResourceConflictException', status: 409, type: 'User',
    message: `An event source mapping with SQS arn (" ${QUEUE} ") and function (" twice ") already exists. Please update or delete the existing mapping with UUID ${first.UUID}`,
  });
  await rejectsWith(create({ FunctionName: arnOf('twice') }), {
    name: 'ResourceConflictException', status: 409, type: 'User',
    message: `An event source mapping with SQS arn (" ${QUEUE} ") and function (" twice ") already exists. Please update or delete the existing mapping with UUID ${first.UUID}`,
  });
  const second = await create({ FunctionName: 'other' });
  await rejectsWith(client.send(new UpdateEventSourceMappingCommand({ UUID: second.UUID, FunctionName: 'twice' })), {
    name: 'ResourceConflictException', status: 409, type: 'User',
    message: `An event source mapping with SQS arn (" ${QUEUE} ") and function (" twice ") already exists. Please update or delete the existing mapping with UUID ${first.UUID}`,
  });
  // Once the first is being deleted, the queue may be mapped to the function again.
  await remove(first.UUID);
  assert.equal((await create({ FunctionName: 'twice' })).State, 'Creating');
});

test('List filters by function and by source, and pages with Marker and MaxItems in UUID order', async () => {
  await createEcho(client, 'paged');
  const queues = await Promise.all(['p1', 'p2', 'p3', 'p4', 'p5'].map((name) => sources.queue(name)));
  const byQueue = new Map<string, string>();
  for (const queue of queues) byQueue.set(queue, (await create({ FunctionName: 'paged', EventSourceArn: queue })).UUID!);
  const made = [...byQueue.values()].sort();
  const seen: string[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(new ListEventSourceMappingsCommand({ FunctionName: 'paged', MaxItems: 2, ...(marker ? { Marker: marker } : {}) }));
    assert.ok(page.EventSourceMappings!.length <= 2);
    seen.push(...page.EventSourceMappings!.map((m) => m.UUID!));
    marker = page.NextMarker;
    pages++;
  } while (marker);
  assert.deepEqual(seen, made);
  assert.equal(pages, 3);
  const bySource = await client.send(new ListEventSourceMappingsCommand({ EventSourceArn: queues[2] }));
  assert.deepEqual(bySource.EventSourceMappings!.map((m) => m.UUID), [byQueue.get(queues[2]!)]);
  const both = await client.send(new ListEventSourceMappingsCommand({ FunctionName: 'consumer', EventSourceArn: queues[2] }));
  assert.deepEqual(both.EventSourceMappings, []);
});

test('mappings go with their function, and survive a restart', async () => {
  await createEcho(client, 'doomed');
  await createEcho(client, 'durable');
  const doomed = await create({ FunctionName: 'doomed' });
  const durable = await create({ FunctionName: 'durable', BatchSize: 3, Tags: { team: 'core' } });
  const before = await settledIn(client, durable.UUID, 'Enabled');
  await client.send(new DeleteFunctionCommand({ FunctionName: 'doomed' }));
  await rejectsWith(client.send(new GetEventSourceMappingCommand({ UUID: doomed.UUID })), mappingNotFound);

  await server.restart();
  const again = server.client();
  const got = await again.send(new GetEventSourceMappingCommand({ UUID: durable.UUID }));
  assert.deepEqual(body(got), body(before));
  assert.deepEqual((await again.send(new ListTagsCommand({ Resource: durable.EventSourceMappingArn }))).Tags, { team: 'core' });
  // A function of the same name starts bare.
  await createEcho(again, 'doomed');
  assert.deepEqual((await again.send(new ListEventSourceMappingsCommand({ FunctionName: 'doomed' }))).EventSourceMappings, []);
});
