/** Checkpoints are written only under the mapping's live lease term: a poller that lost it cannot write. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { SqliteMetadataStore } from '../../src/store/sqlite.js';
import { StoreConflict } from '../../src/store/types.js';
import { SOURCE_CHECKPOINT_KIND } from '../../src/control/event-source-mappings/records.js';
import { LeasedCheckpoints, dropCheckpoints } from '../../src/sources/checkpoints.js';

const scope = { accountId: '000000000000', region: 'us-east-1' };

async function withStore(run: (store: SqliteMetadataStore, clock: { t: number }) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lambkin-checkpoints-'));
  const clock = { t: 1_700_000_000_000 };
  const store = new SqliteMetadataStore(join(dir, 'lambkin.db'), { now: () => clock.t });
  try {
    await run(store, clock);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

it('keeps named values under the mapping, lists them by name, deletes one', () => withStore(async (store) => {
  const lease = (await store.acquireLease('event-source-mapping:m1', 'node-a', 10_000))!;
  const cp = new LeasedCheckpoints(store, scope, 'm1', lease);
  await cp.put('shardId-000000000000', { sequenceNumber: '49590338271490256608559692538361571095921575989136588898' });
  await cp.put('window/shardId-1', { state: { count: 2 } });
  assert.deepEqual(await cp.get('shardId-000000000000'), { sequenceNumber: '49590338271490256608559692538361571095921575989136588898' });
  assert.equal(await cp.get('missing'), undefined);
  assert.deepEqual(await cp.list(), [
    { name: 'shardId-000000000000', value: { sequenceNumber: '49590338271490256608559692538361571095921575989136588898' } },
    { name: 'window/shardId-1', value: { state: { count: 2 } } },
  ]);
  const stored = await store.get(SOURCE_CHECKPOINT_KIND, scope, 'm1/shardId-000000000000');
  assert.equal(stored?.parent, 'm1');
  await cp.delete('window/shardId-1');
  assert.deepEqual((await cp.list()).map((c) => c.name), ['shardId-000000000000']);
  // Another mapping's checkpoints are its own.
  const other = new LeasedCheckpoints(store, scope, 'm2', (await store.acquireLease('event-source-mapping:m2', 'node-a', 10_000))!);
  assert.deepEqual(await other.list(), []);
  await store.commit([dropCheckpoints(scope, 'm1')]);
  assert.deepEqual(await cp.list(), []);
}));

it('refuses every write once the lease term is over, and says so once per refusal', () => withStore(async (store, clock) => {
  const lease = (await store.acquireLease('event-source-mapping:m1', 'node-a', 1_000))!;
  let lost = 0;
  const cp = new LeasedCheckpoints(store, scope, 'm1', lease, () => lost++);
  await cp.put('a', 1);
  clock.t += 1_000;
  const successor = (await store.acquireLease('event-source-mapping:m1', 'node-b', 1_000))!;
  await assert.rejects(cp.put('a', 2), (err: unknown) => err instanceof StoreConflict && err.reason === 'lost');
  await assert.rejects(cp.delete('a'), (err: unknown) => err instanceof StoreConflict && err.reason === 'lost');
  assert.equal(lost, 2);
  assert.equal(await cp.get('a'), 1);
  // The new holder writes on.
  await new LeasedCheckpoints(store, scope, 'm1', successor).put('a', 3);
  assert.equal(await cp.get('a'), 3);
}));
