/** SQLite keeps no row for a lease term that ended, so a lease per work item leaves nothing behind. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteMetadataStore } from '../../src/store/sqlite.js';

it('drops the rows of released and expired terms, and tokens still grow', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lambkin-leases-'));
  const file = join(dir, 'lambkin.db');
  let t = 1_700_000_000_000;
  const store = new SqliteMetadataStore(file, { now: () => t });
  const rows = () => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM leases').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  try {
    const leases = [];
    for (let i = 0; i < 20; i++) leases.push((await store.acquireLease(`event/${i}`, 'node-a', 1000))!);
    for (const lease of leases.slice(0, 10)) assert.equal(await store.releaseLease(lease), true);
    assert.equal(rows(), 10);
    t += 1000;
    const again = (await store.acquireLease('event/0', 'node-b', 1000))!;
    assert.equal(rows(), 1);
    assert.ok(again.token > Math.max(...leases.map((l) => l.token)));
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
