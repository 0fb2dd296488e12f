/**
 * A data dir written before the store had a change feed and leases: its documents keep their seqs,
 * new seqs start above them, and the feed says it holds nothing from before (a consumer reloads).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteMetadataStore } from '../../src/store/sqlite.js';
import { ChangeFeedGap } from '../../src/store/types.js';

const scope = { accountId: '000000000000', region: 'us-east-1' };
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lambkin-store-upgrade-'));
});
after(() => rm(dir, { recursive: true, force: true }));

it('opens a store of the first schema and carries on from its seqs', async () => {
  const file = join(dir, 'lambkin.db');
  const old = new Database(file);
  old.exec(`CREATE TABLE docs (
    kind TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, key TEXT NOT NULL,
    parent TEXT NOT NULL DEFAULT '', doc TEXT NOT NULL, seq INTEGER NOT NULL,
    PRIMARY KEY (kind, account, region, key)) WITHOUT ROWID;
    CREATE INDEX docs_parent ON docs (kind, account, region, parent, key);`);
  const insert = old.prepare('INSERT INTO docs (kind, account, region, key, parent, doc, seq) VALUES (?, ?, ?, ?, ?, ?, ?)');
  insert.run('function', scope.accountId, scope.region, 'f', '', '{"name":"f"}', 7);
  insert.run('function', scope.accountId, scope.region, 'g', '', '{"name":"g"}', 2);
  old.close();

  const store = new SqliteMetadataStore(file);
  try {
    assert.deepEqual(await store.get('function', scope, 'f'), { key: 'f', parent: '', doc: { name: 'f' }, seq: 7 });
    assert.equal(await store.headPosition(), 7);
    await assert.rejects(store.changesSince(0), ChangeFeedGap);
    assert.deepEqual(await store.changesSince(7), []);
    const [seq] = await store.commit([{ op: 'put', kind: 'function', scope, key: 'g', doc: { name: 'g', v: 2 }, ifSeq: 2 }]);
    assert.equal(seq, 8);
    assert.deepEqual((await store.changesSince(7)).map((c) => [c.key, c.op, c.seq]), [['g', 'put', 8]]);
    assert.ok(await store.acquireLease('queue/0', 'node-a', 1000));
  } finally {
    await store.close();
  }
});
