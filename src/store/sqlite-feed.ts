/**
 * The SQLite change feed: one row per changed document, positions from a single counter row that every
 * writing transaction updates, so positions follow commit order (the same counter row is how a
 * PostgreSQL backend serializes them; a sequence would not).
 */
import type Database from 'better-sqlite3';
import type { ChangeListener, ChangeRecord, Scope } from './types.js';
import { ChangeFeedGap } from './types.js';

const DEFAULT_PAGE = 1000;
/** Commits between two automatic trims: trimming costs a scan of what it removes, so not every time. */
const TRIM_EVERY_COMMITS = 512;

interface ChangeRow { position: number; kind: string; account: string; region: string; key: string; op: 'put' | 'delete'; seq: number; at: number }
interface FeedState { head: number; trimmed: number; last_at: number }

/** The changes of one batch while its transaction is open. */
export class PendingChanges {
  readonly records: ChangeRecord[] = [];
  constructor(private head: number, readonly at: number) {}

  /** Takes the next position (the seq of a put). */
  next(): number {
    return ++this.head;
  }

  add(kind: string, scope: Scope, key: string, op: 'put' | 'delete', seq: number, position = this.next()): void {
    this.records.push({ position, kind, scope: { accountId: scope.accountId, region: scope.region }, key, op, seq, at: this.at });
  }

  get lastPosition(): number {
    return this.head;
  }
}

export class SqliteChangeFeed {
  private readonly stmt: Record<string, Database.Statement>;
  private readonly listeners = new Set<ChangeListener>();
  private commitsSinceTrim = 0;

  constructor(private readonly db: Database.Database, private readonly now: () => number, private readonly retentionMs: number) {
    db.exec(`CREATE TABLE IF NOT EXISTS changes (
      position INTEGER PRIMARY KEY, kind TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL,
      key TEXT NOT NULL, op TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS feed_state (
        id INTEGER PRIMARY KEY CHECK (id = 1), head INTEGER NOT NULL, trimmed INTEGER NOT NULL, last_at INTEGER NOT NULL);`);
    // A store written before the feed existed: positions start above every seq handed out, and the
    // feed says it holds nothing before them.
    db.prepare(`INSERT OR IGNORE INTO feed_state (id, head, trimmed, last_at)
      SELECT 1, m, m, 0 FROM (SELECT COALESCE(MAX(seq), 0) AS m FROM docs)`).run();
    this.stmt = {
      state: db.prepare('SELECT head, trimmed, last_at FROM feed_state WHERE id = 1'),
      advance: db.prepare('UPDATE feed_state SET head = ?, last_at = ? WHERE id = 1'),
      insert: db.prepare('INSERT INTO changes (position, kind, account, region, key, op, seq, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      since: db.prepare('SELECT position, kind, account, region, key, op, seq, at FROM changes WHERE position > ? ORDER BY position LIMIT ?'),
      firstKept: db.prepare('SELECT position FROM changes WHERE at >= ? ORDER BY position LIMIT 1'),
      trim: db.prepare('DELETE FROM changes WHERE position <= ?'),
      setTrimmed: db.prepare('UPDATE feed_state SET trimmed = MAX(trimmed, ?) WHERE id = 1'),
    };
  }

  /** Inside the batch's transaction: where its positions start and its commit time. */
  begin(): PendingChanges {
    const state = this.state();
    return new PendingChanges(state.head, Math.max(this.now(), state.last_at));
  }

  /** Inside the batch's transaction, after every op applied. */
  append(pending: PendingChanges): void {
    if (!pending.records.length) return;
    for (const r of pending.records) this.stmt.insert!.run(r.position, r.kind, r.scope.accountId, r.scope.region, r.key, r.op, r.seq, r.at);
    this.stmt.advance!.run(pending.lastPosition, pending.at);
  }

  /** After the transaction committed. */
  committed(records: readonly ChangeRecord[]): void {
    if (!records.length) return;
    for (const listener of this.listeners) {
      try {
        listener(records);
      } catch (err) {
        console.error('lambkin store: a change listener failed', err);
      }
    }
    if (++this.commitsSinceTrim < TRIM_EVERY_COMMITS) return;
    try {
      this.trim();
    } catch (err) {
      // The batch is committed: a failed trim must not make its writer think otherwise.
      console.error('lambkin store: could not trim the change feed', err);
    }
  }

  since(position: number, limit = DEFAULT_PAGE): ChangeRecord[] {
    if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`change feed position must be a non-negative integer, not ${position}`);
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`change feed limit must be a positive integer, not ${limit}`);
    return this.db.transaction(() => {
      const state = this.state();
      if (position < state.trimmed || position > state.head) throw new ChangeFeedGap(position, state.trimmed, state.head);
      return (this.stmt.since!.all(position, limit) as ChangeRow[]).map((r) => ({
        position: r.position, kind: r.kind, scope: { accountId: r.account, region: r.region }, key: r.key, op: r.op, seq: r.seq, at: r.at,
      }));
    })();
  }

  head(): number {
    return this.state().head;
  }

  subscribe(listener: ChangeListener): () => void {
    const own = (changes: readonly ChangeRecord[]) => listener(changes);
    this.listeners.add(own);
    return () => { this.listeners.delete(own); };
  }

  trim(): number {
    this.commitsSinceTrim = 0;
    return this.db.transaction(() => {
      const state = this.state();
      const kept = this.stmt.firstKept!.get(this.now() - this.retentionMs) as { position: number } | undefined;
      const through = kept ? kept.position - 1 : state.head;
      if (through <= state.trimmed) return 0;
      this.stmt.setTrimmed!.run(through);
      return this.stmt.trim!.run(through).changes;
    }).immediate();
  }

  private state(): FeedState {
    return this.stmt.state!.get() as FeedState;
  }
}
