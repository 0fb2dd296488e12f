/**
 * The metadata store: JSON documents of one kind per resource family (functions, aliases, layers, ...),
 * scoped by account and region. Writes are declared as a batch and applied atomically, with optimistic
 * preconditions, so no transaction is ever held across an `await` and a PostgreSQL backend can implement
 * the same contract.
 */
export interface Scope { accountId: string; region: string }

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
  | { op: 'deleteChildren'; kind: string; scope: Scope; parent: string };

/** Raised when a precondition of a batch fails; nothing of the batch was applied. */
export class StoreConflict extends Error {
  constructor(readonly kind: string, readonly key: string, readonly reason: 'exists' | 'changed' | 'missing') {
    super(`${kind} ${key}: ${reason}`);
  }
}

export interface MetadataStore {
  get<T>(kind: string, scope: Scope, key: string): Promise<StoredDoc<T> | undefined>;
  list<T>(kind: string, scope: Scope, options?: ListOptions): Promise<StoredDoc<T>[]>;
  /** Every document of a kind in every scope (start-up recovery, background workers). */
  listAll<T>(kind: string): Promise<(StoredDoc<T> & { scope: Scope })[]>;
  count(kind: string, scope: Scope, parent?: string): Promise<number>;
  /** Applies every op or none. Returns the new seq of each put, in order. */
  commit(ops: WriteOp[]): Promise<number[]>;
  close(): Promise<void>;
}
