/**
 * The States the API writes, on a store with no source manager to move them on: a switch on or off, a
 * disabled mapping that stays so, and a Deleting mapping that no Update may change and a second Delete
 * answers as it stands.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteMetadataStore } from '../../../src/store/sqlite.js';
import { deleteEventSourceMapping, getEventSourceMapping, updateEventSourceMapping } from '../../../src/control/event-source-mappings/service.js';
import { EVENT_SOURCE_MAPPING_KIND, type EventSourceMappingDoc } from '../../../src/control/event-source-mappings/records.js';
import { LambdaError } from '../../../src/errors/base.js';

const store = new SqliteMetadataStore(join(mkdtempSync(join(tmpdir(), 'lambkin-esm-')), 'lambkin.db'));
const deps = { store };
const scope = { accountId: '000000000000', region: 'us-east-1' };
let count = 0;

async function stored(state: string): Promise<string> {
  const uuid = `00000000-0000-4000-8000-${String(++count).padStart(12, '0')}`;
  const doc: EventSourceMappingDoc = {
    uuid, functionName: 'fn', generation: 1,
    config: {
      UUID: uuid, BatchSize: 10, MaximumBatchingWindowInSeconds: 0, EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:q',
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn', FunctionResponseTypes: [], LastModified: 1, State: state,
      StateTransitionReason: 'USER_INITIATED',
    },
  };
  await store.commit([{ op: 'put', kind: EVENT_SOURCE_MAPPING_KIND, scope, key: uuid, parent: 'fn', doc }]);
  return uuid;
}

const generation = async (uuid: string) => (await store.get<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND, scope, uuid))!.doc.generation;

test('Enabled switches, Updating for a mapping that is on, Disabled kept for one that is off; each write a new generation', async () => {
  const cases: Array<[string, boolean | undefined, string]> = [
    ['Creating', undefined, 'Updating'], ['Enabled', undefined, 'Updating'], ['Enabled', true, 'Updating'], ['Enabled', false, 'Disabling'],
    ['Updating', false, 'Disabling'], ['Disabled', undefined, 'Disabled'], ['Disabled', false, 'Disabled'], ['Disabled', true, 'Enabling'],
    ['Disabling', true, 'Enabling'], ['Enabling', false, 'Disabling'],
  ];
  for (const [from, enabled, to] of cases) {
    const uuid = await stored(from);
    const out = await updateEventSourceMapping(deps, scope, { UUID: uuid, BatchSize: 3, ...(enabled === undefined ? {} : { Enabled: enabled }) });
    assert.equal(out.State, to, `${from} + Enabled ${enabled}`);
    assert.equal(out.BatchSize, 3);
    assert.ok(out.LastModified! > 1);
    assert.equal(await generation(uuid), 2);
  }
});

test('a Deleting mapping refuses an Update and answers a second Delete as it stands', async () => {
  const uuid = await stored('Enabled');
  assert.equal((await deleteEventSourceMapping(deps, scope, uuid)).State, 'Deleting');
  assert.equal(await generation(uuid), 2);
  await assert.rejects(updateEventSourceMapping(deps, scope, { UUID: uuid, BatchSize: 1 }), (err: LambdaError) => {
    assert.equal(err.code, 'ResourceInUseException');
    assert.equal(err.status, 400);
    assert.equal(err.message, `Cannot update the event source mapping ${uuid}: it is being deleted.`);
    return true;
  });
  assert.equal((await deleteEventSourceMapping(deps, scope, uuid)).State, 'Deleting');
  assert.equal(await generation(uuid), 2);
  assert.equal((await getEventSourceMapping(deps, scope, uuid)).BatchSize, 10);
});
