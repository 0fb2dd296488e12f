/** The mapping lifecycle against a real server: Create, Get, List, Update and Delete with AWS's answers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand, UpdateEventSourceMappingCommand, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { arnOf, createEcho, rejectsWith } from '../functions/fixtures.js';

const server = await startLambkin({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' } });
const client: LambdaClient = server.client();
await createEcho(client, 'consumer');

const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:orders';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const notFound = { name: 'ResourceNotFoundException', status: 404, type: 'User' as const, message: 'The resource you requested does not exist.' };

function body<T extends { $metadata?: unknown }>(out: T): Omit<T, '$metadata'> {
  const { $metadata: _m, ...rest } = out;
  return rest;
}

test('an SQS mapping: 202 Creating with its ARN and defaults, the same on Get and List, Updating, then Deleting', async () => {
  const created = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'consumer', EventSourceArn: QUEUE }));
  assert.equal(created.$metadata.httpStatusCode, 202);
  assert.match(created.UUID!, UUID);
  assert.ok(created.LastModified instanceof Date);
  assert.ok(Math.abs(created.LastModified.getTime() - Date.now()) < 60_000);
  const expected = {
    UUID: created.UUID, BatchSize: 10, MaximumBatchingWindowInSeconds: 0, EventSourceArn: QUEUE, FunctionArn: arnOf('consumer'),
    FunctionResponseTypes: [], LastModified: created.LastModified, State: 'Creating', StateTransitionReason: 'USER_INITIATED',
    EventSourceMappingArn: `arn:aws:lambda:us-east-1:000000000000:event-source-mapping:${created.UUID}`,
  };
  assert.deepEqual(body(created), expected);

  const got = await client.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
  assert.equal(got.$metadata.httpStatusCode, 200);
  assert.equal(got.UUID, created.UUID);

  const listed = await client.send(new ListEventSourceMappingsCommand({ FunctionName: 'consumer' }));
  assert.deepEqual(listed.EventSourceMappings?.map((m) => m.UUID), [created.UUID]);

  const updated = await client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 5 }));
  assert.equal(updated.$metadata.httpStatusCode, 202);
  assert.equal(updated.State, 'Updating');
  assert.equal(updated.BatchSize, 5);

  const deleted = await client.send(new DeleteEventSourceMappingCommand({ UUID: created.UUID }));
  assert.equal(deleted.$metadata.httpStatusCode, 202);
  assert.equal(deleted.State, 'Deleting');
});

test('an unknown UUID on Get, Update and Delete is a 404 with AWS message', async () => {
  const uuid = '00000000-0000-4000-8000-000000000000';
  await rejectsWith(client.send(new GetEventSourceMappingCommand({ UUID: uuid })), notFound);
  await rejectsWith(client.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false })), notFound);
  await rejectsWith(client.send(new DeleteEventSourceMappingCommand({ UUID: uuid })), notFound);
});
