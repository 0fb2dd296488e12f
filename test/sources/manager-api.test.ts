/**
 * The manager behind the real API: mappings created, disabled, enabled, deleted and taken along by
 * their function's delete settle as on AWS, the status endpoint shows them, and a restart resumes them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, DeleteFunctionCommand, GetEventSourceMappingCommand,
  UpdateEventSourceMappingCommand, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startLambkin } from '../support/server.js';
import { startMoto } from '../support/moto.js';
import { until } from '../support/timing.js';
import { arnOf, createEcho } from '../api/functions/fixtures.js';

const moto = await startMoto();
const server = await startLambkin({ env: moto.env });
const client: LambdaClient = server.client();
const sqs = new SQSClient(moto.clientOptions);

async function queueArn(name: string): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return out.Attributes!.QueueArn!;
}

async function stateOf(uuid: string): Promise<string | undefined> {
  try {
    return (await client.send(new GetEventSourceMappingCommand({ UUID: uuid }))).State;
  } catch (err) {
    if ((err as Error).name === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

interface StatusBody { uuid: string; state: string; functionArn: string; eventSourceArn: string; poller: { state: string }; accountId: string }

async function status(path = ''): Promise<{ code: number; body: unknown }> {
  const res = await fetch(`${server.url}/_lambkin/event-source-mappings${path}`);
  return { code: res.status, body: await res.json() };
}

async function listed(): Promise<StatusBody[]> {
  return ((await status()).body as { eventSourceMappings: StatusBody[] }).eventSourceMappings;
}

test('Create settles on Enabled; disabling settles on Disabled, enabling on Enabled; delete removes it', async () => {
  await createEcho(client, 'lifecycle');
  const source = await queueArn('lifecycle');
  const created = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'lifecycle', EventSourceArn: source }));
  assert.equal(created.State, 'Creating');
  const uuid = created.UUID!;
  await until('the mapping is Enabled', async () => (await stateOf(uuid)) === 'Enabled');
  const enabled = await client.send(new GetEventSourceMappingCommand({ UUID: uuid }));
  assert.equal(enabled.StateTransitionReason, 'USER_INITIATED');
  assert.equal(enabled.LastProcessingResult, undefined, 'AWS shows no LastProcessingResult for SQS');
  assert.ok(enabled.LastModified!.getTime() >= created.LastModified!.getTime());

  const one = await status(`/${uuid}`);
  assert.equal(one.code, 200);
  const shown = one.body as StatusBody;
  assert.deepEqual([shown.uuid, shown.state, shown.functionArn, shown.eventSourceArn, shown.accountId],
    [uuid, 'Enabled', arnOf('lifecycle'), source, '000000000000']);

  const disabling = await client.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: false }));
  assert.equal(disabling.State, 'Disabling');
  await until('the mapping is Disabled', async () => (await stateOf(uuid)) === 'Disabled');
  await until('its poller is stopped', async () => ((await status(`/${uuid}`)).body as StatusBody).poller.state === 'stopped');

  const enabling = await client.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
  assert.equal(enabling.State, 'Enabling');
  await until('the mapping is Enabled again', async () => (await stateOf(uuid)) === 'Enabled');

  const updating = await client.send(new UpdateEventSourceMappingCommand({ UUID: uuid, BatchSize: 5 }));
  assert.equal(updating.State, 'Updating');
  await until('the update settles on Enabled', async () => (await stateOf(uuid)) === 'Enabled');
  assert.equal((await client.send(new GetEventSourceMappingCommand({ UUID: uuid }))).BatchSize, 5);

  const deleting = await client.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
  assert.equal(deleting.State, 'Deleting');
  await until('the mapping is gone', async () => (await stateOf(uuid)) === undefined);
  const gone = await status(`/${uuid}`);
  assert.deepEqual(gone, { code: 404, body: { Type: 'User', Message: 'The resource you requested does not exist.' } });
});

test('a mapping created disabled stays Disabled with no poller', async () => {
  await createEcho(client, 'off');
  const created = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'off', EventSourceArn: await queueArn('off'), Enabled: false }));
  assert.equal(created.State, 'Disabled');
  await until('the status shows it', async () => (await listed()).some((m) => m.uuid === created.UUID));
  const shown = (await listed()).find((m) => m.uuid === created.UUID)!;
  assert.deepEqual([shown.state, shown.poller.state], ['Disabled', 'stopped']);
});

test("a function's delete takes its mappings, and the status forgets them", async () => {
  await createEcho(client, 'doomed');
  const created = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'doomed', EventSourceArn: await queueArn('doomed') }));
  await until('the mapping is Enabled', async () => (await stateOf(created.UUID!)) === 'Enabled');
  await client.send(new DeleteFunctionCommand({ FunctionName: 'doomed' }));
  assert.equal(await stateOf(created.UUID!), undefined);
  assert.ok(!(await listed()).some((m) => m.uuid === created.UUID), 'the status no longer lists it');
});

test('the status is per account when asked: another account sees none of these', async () => {
  const res = await status('?account=111111111111');
  assert.deepEqual(res, { code: 200, body: { eventSourceMappings: [] } });
  const bad = await status('?account=nope');
  assert.equal(bad.code, 400);
});

test('after a restart the mappings are there and polled again; a Disabling one settles', async () => {
  await createEcho(client, 'durable');
  const source = await queueArn('durable');
  const kept = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'durable', EventSourceArn: source }));
  const paused = await client.send(new CreateEventSourceMappingCommand({ FunctionName: 'durable', EventSourceArn: await queueArn('durable-2') }));
  await until('both are Enabled', async () => (await stateOf(kept.UUID!)) === 'Enabled' && (await stateOf(paused.UUID!)) === 'Enabled');
  await server.restart();
  const after = server.client();
  const [k, p] = await Promise.all([kept, paused].map((m) => after.send(new GetEventSourceMappingCommand({ UUID: m.UUID }))));
  assert.deepEqual([k!.State, p!.State], ['Enabled', 'Enabled']);
  const shown = (await listed()).find((m) => m.uuid === kept.UUID);
  assert.equal(shown?.state, 'Enabled');
  await after.send(new UpdateEventSourceMappingCommand({ UUID: paused.UUID, Enabled: false }));
  await until('the paused one is Disabled', async () =>
    (await after.send(new GetEventSourceMappingCommand({ UUID: paused.UUID }))).State === 'Disabled');
});
