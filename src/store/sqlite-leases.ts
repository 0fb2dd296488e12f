/**
 * SQLite leases: one row per live (or lately expired) term. Tokens come from one counter for all
 * names, so a row can go on release or expiry and a name's token still only ever grows: a lease per
 * work item (one claim per queued event) leaves nothing behind. A term is live while
 * `now < expires_at`; every decision is one IMMEDIATE transaction, so two connections to the same
 * file (two nodes) never both win.
 */
import type Database from 'better-sqlite3';
import type { Lease } from './types.js';

interface LeaseRow { name: string; holder: string; token: number; expires_at: number }

export class SqliteLeases {
  private readonly stmt: Record<string, Database.Statement>;

  constructor(private readonly db: Database.Database, private readonly now: () => number) {
    db.exec(`CREATE TABLE IF NOT EXISTS leases (
      name TEXT PRIMARY KEY, holder TEXT NOT NULL, token INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS leases_expiry ON leases (expires_at);
      CREATE TABLE IF NOT EXISTS lease_tokens (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL);
      INSERT OR IGNORE INTO lease_tokens (id, last) VALUES (1, 0);`);
    this.stmt = {
      get: db.prepare('SELECT name, holder, token, expires_at FROM leases WHERE name = ?'),
      nextToken: db.prepare('UPDATE lease_tokens SET last = last + 1 WHERE id = 1 RETURNING last'),
      grant: db.prepare(`INSERT INTO leases (name, holder, token, expires_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, token = excluded.token, expires_at = excluded.expires_at`),
      extend: db.prepare('UPDATE leases SET expires_at = ? WHERE name = ?'),
      release: db.prepare('DELETE FROM leases WHERE name = ?'),
      sweep: db.prepare('DELETE FROM leases WHERE expires_at <= ?'),
    };
  }

  acquire(name: string, holder: string, ttlMs: number): Lease | undefined {
    check(name, holder, ttlMs);
    return this.db.transaction(() => {
      const now = this.now();
      this.stmt.sweep!.run(now);
      const row = this.row(name);
      if (row && row.holder !== holder) return undefined;
      const { last } = this.stmt.nextToken!.get() as { last: number };
      const lease: Lease = { name, holder, token: last, expiresAt: now + ttlMs };
      this.stmt.grant!.run(name, holder, lease.token, lease.expiresAt);
      return lease;
    }).immediate();
  }

  renew(lease: Lease, ttlMs: number): Lease | undefined {
    check(lease.name, lease.holder, ttlMs);
    return this.db.transaction(() => {
      const now = this.now();
      if (!this.holds(lease, now)) return undefined;
      const renewed: Lease = { ...lease, expiresAt: now + ttlMs };
      this.stmt.extend!.run(renewed.expiresAt, lease.name);
      return renewed;
    }).immediate();
  }

  release(lease: Lease): boolean {
    return this.db.transaction(() => {
      if (!this.holds(lease, this.now())) return false;
      this.stmt.release!.run(lease.name);
      return true;
    }).immediate();
  }

  current(name: string): Lease | undefined {
    const row = this.row(name);
    return row && live(row, this.now()) ? { name, holder: row.holder, token: row.token, expiresAt: row.expires_at } : undefined;
  }

  /** For a batch's `requireLease`: is this term, by token, still the live one? */
  isLive(name: string, token: number, now: number): boolean {
    const row = this.row(name);
    return !!row && row.token === token && live(row, now);
  }

  private holds(lease: Lease, now: number): boolean {
    const row = this.row(lease.name);
    return !!row && row.holder === lease.holder && row.token === lease.token && live(row, now);
  }

  private row(name: string): LeaseRow | undefined {
    return this.stmt.get!.get(name) as LeaseRow | undefined;
  }
}

function live(row: LeaseRow, now: number): boolean {
  return now < row.expires_at;
}

function check(name: string, holder: string, ttlMs: number): void {
  if (typeof name !== 'string' || !name) throw new RangeError('a lease needs a name');
  if (typeof holder !== 'string' || !holder) throw new RangeError('a lease needs a holder');
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new RangeError(`a lease TTL must be a positive integer of milliseconds, not ${ttlMs}`);
}
