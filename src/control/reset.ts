/**
 * Back to an empty server, for one account or all of them (test fixtures between tests): every stored
 * resource, queued async events, logs, running environments and the code no longer referenced go; the
 * server keeps serving.
 */
import type { BlobStore } from '../store/blobs/index.js';
import type { MetadataStore, Scope, StoredDoc, WriteOp } from '../store/types.js';
import type { UnpackedCodeCache } from '../code/unpacked.js';
import type { Engine } from '../engine/index.js';
import type { AsyncQueue } from '../async/queue.js';
import { ASYNC_EVENT_KIND } from '../async/queue.js';
import type { AppEvents } from './events.js';
import { FUNCTION_KIND, VERSION_KIND, type FunctionDoc } from './functions/records.js';
import { LAYER_VERSION_KIND } from './layers/records.js';
import { isHotReloadKey } from '../code/hot-reload/folder.js';

/** Kinds whose documents name code blobs (`codeKey`, `layerKeys`, also under `latest`). */
const CODE_KINDS = [FUNCTION_KIND, VERSION_KIND, LAYER_VERSION_KIND];

export interface ResetDeps {
  store: MetadataStore;
  blobs: BlobStore;
  code: UnpackedCodeCache;
  engine: Engine;
  asyncQueue: AsyncQueue;
  events: AppEvents;
  /** Every kind of document the resource families keep (from their registry). */
  storedKinds: readonly string[];
}

export interface ResetSummary {
  /** The account reset, or "all". */
  reset: string;
  /** Documents removed, by kind (kinds with none left out). */
  removed: Record<string, number>;
  /** Code packages removed because nothing refers to them any more. */
  codeBlobsRemoved: number;
}

interface CodeRefs { codeKey?: unknown; layerKeys?: unknown; latest?: CodeRefs }

function codeKeysOf(doc: unknown, into: Set<string>): void {
  const refs = doc as CodeRefs | undefined;
  if (!refs || typeof refs !== 'object') return;
  if (typeof refs.codeKey === 'string') into.add(refs.codeKey);
  if (Array.isArray(refs.layerKeys)) for (const key of refs.layerKeys) if (typeof key === 'string') into.add(key);
  if (refs.latest) codeKeysOf(refs.latest, into);
}

export async function resetState(deps: ResetDeps, accountId?: string): Promise<ResetSummary> {
  const inScope = (scope: Scope) => accountId === undefined || scope.accountId === accountId;
  // Nothing of the account runs any more: no queued event starts, no environment keeps going.
  deps.asyncQueue.discard(inScope);
  await deps.engine.stopNow((fn) => inScope({ accountId: fn.accountId, region: fn.region }));

  const ops: WriteOp[] = [];
  const removed: Record<string, number> = {};
  const candidates = new Set<string>();
  const deletedFunctions: Array<StoredDoc<FunctionDoc> & { scope: Scope }> = [];
  for (const kind of [...deps.storedKinds, ASYNC_EVENT_KIND]) {
    const docs = (await deps.store.listAll(kind)).filter((d) => inScope(d.scope));
    if (docs.length === 0) continue;
    removed[kind] = docs.length;
    for (const d of docs) {
      ops.push({ op: 'delete', kind, scope: d.scope, key: d.key });
      if (CODE_KINDS.includes(kind)) codeKeysOf(d.doc, candidates);
    }
    if (kind === FUNCTION_KIND) deletedFunctions.push(...(docs as Array<StoredDoc<FunctionDoc> & { scope: Scope }>));
  }
  await deps.store.commit(ops);
  // What the rest of the server keeps per function (reservations, cached snapshots) goes as on DeleteFunction.
  for (const fn of deletedFunctions) deps.events.emit('function-changed', { ...fn.scope, name: fn.key, deleted: true });

  const stillUsed = new Set<string>();
  for (const kind of CODE_KINDS) for (const d of await deps.store.listAll(kind)) codeKeysOf(d.doc, stillUsed);
  let codeBlobsRemoved = 0;
  for (const key of candidates) {
    if (stillUsed.has(key) || isHotReloadKey(key)) continue;
    await deps.code.remove(key);
    await deps.blobs.delete(key);
    codeBlobsRemoved++;
  }
  await deps.engine.logs.clear(accountId);
  return { reset: accountId ?? 'all', removed, codeBlobsRemoved };
}
