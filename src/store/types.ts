/**
 * The metadata store: JSON documents of one kind per resource family (functions, aliases, layers, ...),
 * scoped by account and region. Writes are declared as a batch and applied atomically, with optimistic
 * preconditions, so no transaction is ever held across an `await` and a PostgreSQL backend can implement
 * the same contract. Alongside the documents: leases, for work that one node at a time may do, and a
 * change feed of every committed write. docs/store.md states the contract; test/store/contract checks it.
 */
export interface Scope { accountId: string; region: string }

/**
 * `seq` is the position in the change feed of the write that produced this version of the document:
 * it strictly increases with every put of a key, across delete and re-create too, so an `ifSeq` taken
 * from one incarnation of a document never matches another.
 */
export interface StoredDoc<T> { key: string; parent: string; doc: T; seq: number }

export interface ListOptions {
  parent?: string;
  /** Only keys strictly greater than this (for pagination by key). */
  after?: string;
  limit?: number;
}

export type WriteOp =
  | { op: 'put'; kind: string; scope: Scope; key: string; parent?: string; doc: unknown; ifSeq?: number; ifAbsent?: boolean }
  | { op: 'delete'; kind: string; scope: Scope; key: string; ifSeq?: number }
  | { op: 'deleteChildren'; kind: string; scope: Scope; parent: string }
  /** Fencing: the batch applies only while this term of the lease is still live. */
  | { op: 'requireLease'; name: string; token: number };

/** The kind a StoreConflict names when a `requireLease` precondition fails. */
export const LEASE_CONFLICT_KIND = 'lease';

/** Raised when a precondition of a batch fails; nothing of the batch was applied. */
export class StoreConflict extends Error {
  constructor(readonly kind: string, readonly key: string, readonly reason: 'exists' | 'changed' | 'missing' | 'lost') {
    super(`${kind} ${key}: ${reason}`);
  }
}

export interface DocumentStore {
  get<T>(kind: string, scope: Scope, key: string): Promise<StoredDoc<T> | undefined>;
  /** A kind's documents in one scope, in ascending binary (UTF-8 byte) order of key. */
  list<T>(kind: string, scope: Scope, options?: ListOptions): Promise<StoredDoc<T>[]>;
  /** Every document of a kind in every scope (start-up recovery, background workers), by account, region, key. */
  listAll<T>(kind: string): Promise<(StoredDoc<T> & { scope: Scope })[]>;
  count(kind: string, scope: Scope, parent?: string): Promise<number>;
  /** Applies every op or none. Returns the new seq of each put, in order. */
  commit(ops: WriteOp[]): Promise<number[]>;
}

/**
 * One term of a named lease. `token` is a fencing token: it increases every time the lease is granted
 * anew (to any holder), never on renewal, and is never reused, even across restarts.
 */
export interface Lease { name: string; holder: string; token: number; expiresAt: number }

/** Leases: at most one live term per name, for work one node at a time may do (pollers, queue partitions). */
export interface LeaseStore {
  /**
   * Grants a new term to `holder` unless another holder's term is live (then undefined). A holder that
   * asks again while its own term is live gets a new term: only `renewLease` keeps a token.
   */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<Lease | undefined>;
  /** Extends a live term by `ttlMs` from now; undefined once the term has expired, been released or replaced. */
  renewLease(lease: Lease, ttlMs: number): Promise<Lease | undefined>;
  /** Ends a live term early so another holder can take it at once; false if it was no longer live. */
  releaseLease(lease: Lease): Promise<boolean>;
  /** The live term of a lease, if any. */
  currentLease(name: string): Promise<Lease | undefined>;
}

/** One document written or removed by a committed batch. A put's `seq` is its `position`; a delete's, the removed version's. */
export interface ChangeRecord {
  position: number;
  kind: string;
  scope: Scope;
  key: string;
  op: 'put' | 'delete';
  seq: number;
  /** Commit time (ms since epoch, from the store's clock), never earlier than the previous change's. */
  at: number;
}

/** Raised by `changesSince` for a position whose following changes are not in the feed (trimmed, or never written). */
export class ChangeFeedGap extends Error {
  constructor(readonly position: number, readonly trimmedThrough: number, readonly head: number) {
    super(`changes after position ${position} are not in the feed (it holds those after ${trimmedThrough} up to ${head}): reload and resume from the head`);
  }
}

export type ChangeListener = (changes: readonly ChangeRecord[]) => void;

/**
 * Every committed batch appends one record per document it wrote or removed, at strictly increasing
 * positions in commit order. Records are kept at least `changeRetentionMs` after their commit.
 */
export interface ChangeFeed {
  /** Records after `position`, oldest first, at most `limit` (default 1000). Throws ChangeFeedGap if some are gone. */
  changesSince(position: number, limit?: number): Promise<ChangeRecord[]>;
  /** The position of the last committed change (0 before the first). Read it before a full reload, then follow from it. */
  headPosition(): Promise<number>;
  /**
   * Calls `listener` with each batch's records once the batch has committed and before `commit` resolves,
   * for batches committed through this instance (a shared backend may deliver other nodes' batches too).
   * A listener that throws does not undo the commit nor stop other listeners. Returns the unsubscribe.
   */
  subscribe(listener: ChangeListener): () => void;
  /** Removes records older than the retention now (backends also do it on their own). Returns how many. */
  trimChanges(): Promise<number>;
}

export interface MetadataStore extends DocumentStore, LeaseStore, ChangeFeed {
  close(): Promise<void>;
}

export interface MetadataStoreOptions {
  /** Milliseconds since the epoch; leases and change times read it. Tests pass their own. */
  now?: () => number;
  /** How long a change record is kept after its commit (default one hour). */
  changeRetentionMs?: number;
}

export const DEFAULT_CHANGE_RETENTION_MS = 60 * 60 * 1000;
