/**
 * The embedded default metadata store: one SQLite file in the data dir (WAL, synchronous=NORMAL).
 * Several connections (nodes) may share the file: every write is one IMMEDIATE transaction.
 */
import Database from 'better-sqlite3';
import type { ChangeListener, ChangeRecord, Lease, ListOptions, MetadataStore, MetadataStoreOptions, Scope, StoredDoc, WriteOp } from './types.js';
import { DEFAULT_CHANGE_RETENTION_MS, LEASE_CONFLICT_KIND, StoreConflict } from './types.js';
import { type PendingChanges, SqliteChangeFeed } from './sqlite-feed.js';
import { SqliteLeases } from './sqlite-leases.js';

interface Row { key: string; parent: string; doc: string; seq: number; account?: string; region?: string }

export class SqliteMetadataStore implements MetadataStore {
  private readonly db: Database.Database;
  private readonly stmt: Record<string, Database.Statement>;
  private readonly now: () => number;
  private readonly feed: SqliteChangeFeed;
  private readonly leases: SqliteLeases;

  constructor(file: string, options: MetadataStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS docs (
      kind TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, key TEXT NOT NULL,
      parent TEXT NOT NULL DEFAULT '', doc TEXT NOT NULL, seq INTEGER NOT NULL,
      PRIMARY KEY (kind, account, region, key)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS docs_parent ON docs (kind, account, region, parent, key);`);
    const where = 'kind = ? AND account = ? AND region = ?';
    this.stmt = {
      get: this.db.prepare(`SELECT key, parent, doc, seq FROM docs WHERE ${where} AND key = ?`),
      list: this.db.prepare(`SELECT key, parent, doc, seq FROM docs WHERE ${where} AND key > ? ORDER BY key LIMIT ?`),
      listParent: this.db.prepare(`SELECT key, parent, doc, seq FROM docs WHERE ${where} AND parent = ? AND key > ? ORDER BY key LIMIT ?`),
      listAll: this.db.prepare('SELECT key, parent, doc, seq, account, region FROM docs WHERE kind = ? ORDER BY account, region, key'),
      count: this.db.prepare(`SELECT COUNT(*) AS n FROM docs WHERE ${where}`),
      countParent: this.db.prepare(`SELECT COUNT(*) AS n FROM docs WHERE ${where} AND parent = ?`),
      seq: this.db.prepare(`SELECT seq FROM docs WHERE ${where} AND key = ?`),
      children: this.db.prepare(`SELECT key, seq FROM docs WHERE ${where} AND parent = ? ORDER BY key`),
      upsert: this.db.prepare(`INSERT INTO docs (kind, account, region, key, parent, doc, seq) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (kind, account, region, key) DO UPDATE SET parent = excluded.parent, doc = excluded.doc, seq = excluded.seq`),
      delete: this.db.prepare(`DELETE FROM docs WHERE ${where} AND key = ?`),
      deleteChildren: this.db.prepare(`DELETE FROM docs WHERE ${where} AND parent = ?`),
    };
    this.feed = new SqliteChangeFeed(this.db, this.now, options.changeRetentionMs ?? DEFAULT_CHANGE_RETENTION_MS);
    this.leases = new SqliteLeases(this.db, this.now);
    this.feed.trim();
  }

  private static parse<T>(row: Row): StoredDoc<T> {
    return { key: row.key, parent: row.parent, doc: JSON.parse(row.doc) as T, seq: row.seq };
  }

  async get<T>(kind: string, scope: Scope, key: string): Promise<StoredDoc<T> | undefined> {
    const row = this.stmt.get!.get(kind, scope.accountId, scope.region, key) as Row | undefined;
    return row && SqliteMetadataStore.parse<T>(row);
  }

  async list<T>(kind: string, scope: Scope, options: ListOptions = {}): Promise<StoredDoc<T>[]> {
    const after = options.after ?? '';
    const limit = options.limit ?? -1;
    const rows = (options.parent === undefined
      ? this.stmt.list!.all(kind, scope.accountId, scope.region, after, limit)
      : this.stmt.listParent!.all(kind, scope.accountId, scope.region, options.parent, after, limit)) as Row[];
    return rows.map((r) => SqliteMetadataStore.parse<T>(r));
  }

  async listAll<T>(kind: string): Promise<(StoredDoc<T> & { scope: Scope })[]> {
    return (this.stmt.listAll!.all(kind) as Row[]).map((r) => ({
      ...SqliteMetadataStore.parse<T>(r), scope: { accountId: r.account!, region: r.region! },
    }));
  }

  async count(kind: string, scope: Scope, parent?: string): Promise<number> {
    const row = (parent === undefined
      ? this.stmt.count!.get(kind, scope.accountId, scope.region)
      : this.stmt.countParent!.get(kind, scope.accountId, scope.region, parent)) as { n: number };
    return row.n;
  }

  async commit(ops: WriteOp[]): Promise<number[]> {
    const { seqs, records } = this.db.transaction((batch: WriteOp[]) => {
      const changes = this.feed.begin();
      const puts = batch.flatMap((op) => this.apply(op, changes));
      this.feed.append(changes);
      return { seqs: puts, records: changes.records };
    }).immediate(ops);
    this.feed.committed(records);
    return seqs;
  }

  private apply(op: WriteOp, changes: PendingChanges): number[] {
    if (op.op === 'requireLease') {
      if (!this.leases.isLive(op.name, op.token, changes.at)) throw new StoreConflict(LEASE_CONFLICT_KIND, op.name, 'lost');
      return [];
    }
    const { accountId, region } = op.scope;
    if (op.op === 'deleteChildren') {
      const children = this.stmt.children!.all(op.kind, accountId, region, op.parent) as { key: string; seq: number }[];
      this.stmt.deleteChildren!.run(op.kind, accountId, region, op.parent);
      for (const child of children) changes.add(op.kind, op.scope, child.key, 'delete', child.seq);
      return [];
    }
    const current = this.stmt.seq!.get(op.kind, accountId, region, op.key) as { seq: number } | undefined;
    if (op.ifSeq !== undefined && current?.seq !== op.ifSeq) throw new StoreConflict(op.kind, op.key, current ? 'changed' : 'missing');
    if (op.op === 'delete') {
      if (!current) return [];
      this.stmt.delete!.run(op.kind, accountId, region, op.key);
      changes.add(op.kind, op.scope, op.key, 'delete', current.seq);
      return [];
    }
    if (op.ifAbsent && current) throw new StoreConflict(op.kind, op.key, 'exists');
    const seq = changes.next();
    this.stmt.upsert!.run(op.kind, accountId, region, op.key, op.parent ?? '', JSON.stringify(op.doc), seq);
    changes.add(op.kind, op.scope, op.key, 'put', seq, seq);
    return [seq];
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | undefined> {
    return this.leases.acquire(name, holder, ttlMs);
  }

  async renewLease(lease: Lease, ttlMs: number): Promise<Lease | undefined> {
    return this.leases.renew(lease, ttlMs);
  }

  async releaseLease(lease: Lease): Promise<boolean> {
    return this.leases.release(lease);
  }

  async currentLease(name: string): Promise<Lease | undefined> {
    return this.leases.current(name);
  }

  async changesSince(position: number, limit?: number): Promise<ChangeRecord[]> {
    return this.feed.since(position, limit);
  }

  async headPosition(): Promise<number> {
    return this.feed.head();
  }

  subscribe(listener: ChangeListener): () => void {
    return this.feed.subscribe(listener);
  }

  async trimChanges(): Promise<number> {
    return this.feed.trim();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
