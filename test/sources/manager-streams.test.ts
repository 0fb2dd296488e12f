/**
 * The manager running a real poller (DynamoDB Streams on moto_server): LastProcessingResult as AWS
 * shows it, the status endpoint's counts and errors, the poller's lines in the function's log, and
 * the mapping's lease keeping a second node off it.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { GetEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { startMoto } from '../support/moto.js';
import { until } from '../support/timing.js';
import { deploy, functionLog } from '../api/invoke/helpers.js';
import { SqliteMetadataStore } from '../../src/store/sqlite.js';
import { FAILING_FUNCTION, Tables, createMapping, recorderFunction } from './dynamodb-streams/harness.js';

const moto = await startMoto();
const tables = new Tables(moto);
after(() => tables.destroy());
const server = await startLambkin({ env: moto.env });
const client = server.client();

interface StatusBody {
  source: string | null; state: string; lastProcessingResult: string | null;
  poller: { state: string };
  counts: { received: number; filtered: number; invokedOk: number; invokedFailed: number; discarded: number };
  lagMs: number; lastError: { message: string; at: string } | null; lastBatchAt: string | null;
}

async function statusOf(uuid: string): Promise<StatusBody> {
  const res = await fetch(new URL(`/_lambkin/event-source-mappings/${uuid}`, server.url));
  assert.equal(res.status, 200);
  return await res.json() as StatusBody;
}

const lastResult = async (uuid: string) => (await client.send(new GetEventSourceMappingCommand({ UUID: uuid }))).LastProcessingResult;

test('a healthy mapping: LastProcessingResult goes from "No records processed" to OK, the status counts the batch', async () => {
  const stream = await tables.create('healthy');
  await deploy(client, 'healthy-fn', recorderFunction());
  const uuid = await createMapping(client, { FunctionName: 'healthy-fn', EventSourceArn: stream, StartingPosition: 'TRIM_HORIZON' });
  assert.equal(await lastResult(uuid), 'No records processed');
  await until('the poller runs', async () => (await statusOf(uuid)).poller.state === 'running');
  await tables.put('healthy', { id: { S: 'a' } });
  await until('LastProcessingResult is OK', async () => (await lastResult(uuid)) === 'OK');
  const shown = await statusOf(uuid);
  assert.equal(shown.source, 'dynamodb-streams');
  assert.equal(shown.lastProcessingResult, 'OK');
  assert.deepEqual(shown.counts, { received: 1, filtered: 0, invokedOk: 1, invokedFailed: 0, discarded: 0 });
  assert.equal(shown.lastError, null);
  assert.ok(shown.lastBatchAt !== null && Date.parse(shown.lastBatchAt) <= Date.now());
  assert.equal(typeof shown.lagMs, 'number');
});

test('a failing function: PROBLEM: Function call failed, the error and the discarded batch shown, the discard in its log', async () => {
  const stream = await tables.create('failing');
  await deploy(client, 'failing-fn', FAILING_FUNCTION);
  const uuid = await createMapping(client, {
    FunctionName: 'failing-fn', EventSourceArn: stream, StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 0,
  });
  await tables.put('failing', { id: { S: 'b' } });
  await until('LastProcessingResult says the call failed', async () => (await lastResult(uuid)) === 'PROBLEM: Function call failed');
  await until('the batch is discarded', async () => (await statusOf(uuid)).counts.discarded === 1);
  const shown = await statusOf(uuid);
  assert.equal(shown.counts.invokedOk, 0);
  assert.ok(shown.counts.invokedFailed >= 1);
  assert.equal(shown.lastError?.message, 'Error: intentional failure');
  await until('the discard is in the function log, in the mapping\'s stream', async () => (await functionLog(server.url, 'failing-fn'))
    .some((e) => e.logStreamName.endsWith(`[event-source-mapping]${uuid}`)
      && e.message.startsWith(`EVENT SOURCE MAPPING ${uuid}: Lambda discarded 1 record(s) of `)));
});

test('one node at a time polls a mapping: a lease held elsewhere keeps the poller waiting, a taken lease stops it', async () => {
  const stream = await tables.create('leased');
  await deploy(client, 'leased-fn', recorderFunction());
  const uuid = await createMapping(client, { FunctionName: 'leased-fn', EventSourceArn: stream, StartingPosition: 'TRIM_HORIZON' });
  const name = `event-source-mapping:${uuid}`;
  await until('the poller runs', async () => (await statusOf(uuid)).poller.state === 'running');
  // Another node on the same store takes the lease from under the poller.
  const other = new SqliteMetadataStore(`${server.dataDir}/lambkin.db`);
  try {
    const held = await other.currentLease(name);
    assert.ok(held, 'the running poller holds the lease');
    assert.equal(await other.releaseLease(held), true);
    const intruder = await other.acquireLease(name, 'another-node', 120_000);
    assert.ok(intruder);
    await until('the poller stops and waits for the lease', async () => (await statusOf(uuid)).poller.state === 'waiting-for-lease');
    await tables.put('leased', { id: { S: 'while-away' } });
    await other.releaseLease(intruder);
    await until('the poller runs again', async () => (await statusOf(uuid)).poller.state === 'running');
    await until('and processes what was written meanwhile', async () => (await statusOf(uuid)).counts.invokedOk >= 1);
    assert.equal((await statusOf(uuid)).counts.received, 1);
  } finally {
    await other.close();
  }
});
