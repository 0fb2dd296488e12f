/**
 * The manager against a real SQLite store, with mappings written as the API writes them. Their source
 * is an MSK cluster, which Lambkin has no poller for, so these cover what the manager does on its own:
 * State moves, removals, checkpoint sweeps, the status it keeps. Pollers run in manager-api tests.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { SqliteMetadataStore } from '../../src/store/sqlite.js';
import type { Scope } from '../../src/store/types.js';
import {
  EVENT_SOURCE_MAPPING_KIND, SOURCE_CHECKPOINT_KIND, checkpointKey, type EventSourceMappingDoc,
} from '../../src/control/event-source-mappings/records.js';
import { loadConfig } from '../../src/config.js';
import { SourceManager } from '../../src/sources/manager.js';
import { until } from '../support/timing.js';

const scope: Scope = { accountId: '000000000000', region: 'us-east-1' };
const otherAccount: Scope = { accountId: '111111111111', region: 'eu-west-1' };
const MSK = 'arn:aws:kafka:us-east-1:000000000000:cluster/c/6d1c6a6f-0c3a-4f37-9a5b-2b0c3f3b8e11-1';

function mapping(uuid: string, State: string, generation = 1): EventSourceMappingDoc {
  return {
    uuid, functionName: 'fn', generation,
    config: {
      UUID: uuid, EventSourceArn: MSK, FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn', BatchSize: 100,
      LastModified: 1_700_000_000, State, StateTransitionReason: 'USER_INITIATED', LastProcessingResult: 'No records processed',
    },
  };
}

async function withManager(
  seed: (store: SqliteMetadataStore) => Promise<void>,
  run: (store: SqliteMetadataStore, manager: SourceManager) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lambkin-manager-'));
  const store = new SqliteMetadataStore(join(dir, 'lambkin.db'));
  const config = loadConfig({ 'data-dir': dir }, {});
  // No poller runs here (nothing polls MSK): the invoke path is never reached.
  const manager = new SourceManager({ store, config, code: undefined as never, engine: undefined as never, logs: undefined as never, durable: undefined as never, sources: [] });
  try {
    await seed(store);
    await manager.start();
    await run(store, manager);
  } finally {
    await manager.stop();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const put = (store: SqliteMetadataStore, doc: EventSourceMappingDoc, at: Scope = scope) =>
  store.commit([{ op: 'put', kind: EVENT_SOURCE_MAPPING_KIND, scope: at, key: doc.uuid, parent: doc.functionName, doc }]);

const putCheckpoint = (store: SqliteMetadataStore, uuid: string, name: string, at: Scope = scope) =>
  store.commit([{ op: 'put', kind: SOURCE_CHECKPOINT_KIND, scope: at, key: checkpointKey(uuid, name), parent: uuid, doc: { seq: name } }]);

async function stateOf(store: SqliteMetadataStore, uuid: string, at: Scope = scope): Promise<string | undefined> {
  return (await store.get<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND, at, uuid))?.doc.config.State;
}

const checkpointsOf = async (store: SqliteMetadataStore, uuid: string, at: Scope = scope) =>
  (await store.list(SOURCE_CHECKPOINT_KIND, at, { parent: uuid })).map((c) => c.key);

it('at start-up settles every mapping, removes Deleting ones with their checkpoints and sweeps orphan checkpoints', () => withManager(async (store) => {
  await put(store, mapping('creating', 'Creating'));
  await put(store, mapping('disabling', 'Disabling'));
  await put(store, mapping('enabled', 'Enabled'));
  await put(store, mapping('deleting', 'Deleting'));
  await put(store, mapping('elsewhere', 'Enabling'), otherAccount);
  await putCheckpoint(store, 'deleting', 'shard-1');
  await putCheckpoint(store, 'enabled', 'shard-1');
  await putCheckpoint(store, 'gone', 'shard-1');
  await putCheckpoint(store, 'enabled', 'shard-1', otherAccount); // same UUID, another account: no mapping there
}, async (store) => {
  await until('the transitions settle', async () =>
    (await stateOf(store, 'creating')) === 'Enabled' && (await stateOf(store, 'disabling')) === 'Disabled'
    && (await stateOf(store, 'elsewhere', otherAccount)) === 'Enabled' && (await stateOf(store, 'deleting')) === undefined);
  const created = (await store.get<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND, scope, 'creating'))!;
  assert.equal(created.doc.config.StateTransitionReason, 'USER_INITIATED');
  assert.equal(created.doc.generation, 1, 'the manager never bumps the generation');
  assert.ok(created.doc.config.LastModified! > 1_700_000_000, 'a State change moves LastModified');
  assert.equal(created.parent, 'fn', 'the mapping stays filed under its function');
  assert.equal(await stateOf(store, 'enabled'), 'Enabled');
  assert.deepEqual(await checkpointsOf(store, 'deleting'), []);
  assert.deepEqual(await checkpointsOf(store, 'gone'), []);
  assert.deepEqual(await checkpointsOf(store, 'enabled'), ['enabled/shard-1']);
  assert.deepEqual(await checkpointsOf(store, 'enabled', otherAccount), []);
}));

it('follows the API: Creating, Disabling, Enabling, Updating and Deleting written later are settled too', () => withManager(async () => {}, async (store) => {
  await put(store, mapping('m', 'Creating'));
  await until('Creating becomes Enabled', async () => (await stateOf(store, 'm')) === 'Enabled');
  for (const [written, settled] of [['Disabling', 'Disabled'], ['Enabling', 'Enabled'], ['Updating', 'Enabled']] as const) {
    const current = (await store.get<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND, scope, 'm'))!;
    const next = { ...current.doc, generation: current.doc.generation + 1, config: { ...current.doc.config, State: written } };
    await store.commit([{ op: 'put', kind: EVENT_SOURCE_MAPPING_KIND, scope, key: 'm', parent: 'fn', doc: next, ifSeq: current.seq }]);
    await until(`${written} becomes ${settled}`, async () => (await stateOf(store, 'm')) === settled);
  }
  await putCheckpoint(store, 'm', 'shard-1');
  const current = (await store.get<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND, scope, 'm'))!;
  await store.commit([{
    op: 'put', kind: EVENT_SOURCE_MAPPING_KIND, scope, key: 'm', parent: 'fn', ifSeq: current.seq,
    doc: { ...current.doc, generation: current.doc.generation + 1, config: { ...current.doc.config, State: 'Deleting' } },
  }]);
  await until('a Deleting mapping is removed', async () => (await stateOf(store, 'm')) === undefined);
  assert.deepEqual(await checkpointsOf(store, 'm'), []);
}));

it('drops the checkpoints of a mapping that vanished with its function, and forgets it', () => withManager(async (store) => {
  await put(store, mapping('m', 'Enabled'));
}, async (store, manager) => {
  await putCheckpoint(store, 'm', 'shard-1');
  await until('the manager knows the mapping', () => manager.status().length === 1);
  await store.commit([{ op: 'deleteChildren', kind: EVENT_SOURCE_MAPPING_KIND, scope, parent: 'fn' }]);
  await until('its checkpoints are dropped', async () => (await checkpointsOf(store, 'm')).length === 0);
  await until('the status no longer shows it', () => manager.status().length === 0);
}));

it('shows each mapping with its state, source and poller, by account and by UUID', () => withManager(async (store) => {
  await put(store, mapping('a', 'Enabled'));
  await put(store, mapping('b', 'Disabled'), otherAccount);
}, async (_store, manager) => {
  await until('both are known', () => manager.status().length === 2);
  const [a] = manager.status({ accountId: scope.accountId });
  assert.deepEqual({ ...a!, poller: { ...a!.poller, since: 'x' } }, {
    uuid: 'a', accountId: '000000000000', region: 'us-east-1', functionName: 'fn',
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn', eventSourceArn: MSK, source: null,
    state: 'Enabled', stateTransitionReason: 'USER_INITIATED', lastProcessingResult: 'No records processed',
    poller: { state: 'stopped', since: 'x', nextRunAt: null, failures: 0 },
    counts: { received: 0, filtered: 0, invokedOk: 0, invokedFailed: 0, discarded: 0 },
    lagMs: 0, sourceProblem: 'Lambkin has no poller for this event source', lastError: null, lastBatchAt: null,
  });
  assert.deepEqual(manager.status({ uuid: 'b' }).map((s) => [s.accountId, s.state, s.sourceProblem]), [['111111111111', 'Disabled', null]]);
  assert.deepEqual(manager.status({ accountId: '222222222222' }), []);
}));
