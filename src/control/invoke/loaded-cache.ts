/**
 * Invoke's reads of the store, answered from memory: the function, version and alias documents an
 * invocation resolves, kept per node as frozen snapshots. Any change to a function, version, alias or
 * function policy drops them all (writes are rare next to invocations):
 * - a batch committed through this node's store drops them before `commit` resolves (the store's
 *   listeners run first), so an invocation after any answered write reads the new documents;
 * - a batch another node commits to a shared store reaches this node through the change feed,
 *   followed here and looked at every FOLLOW_POLL_MS.
 * While the feed is not followed (the first lookups, or after the follower stopped) nothing is kept
 * and every invocation reads the store, as without a cache.
 */
import { ChangeFeedGap, type ChangeRecord, type MetadataStore, type Scope } from '../../store/types.js';
import { ChangeFollower } from '../../store/follow.js';
import type { StoreDep } from '../deps.js';
import { loadFunction, type LoadedFunction } from '../functions/service.js';
import { FUNCTION_KIND, VERSION_KIND } from '../functions/records.js';
import { ALIAS_KIND } from '../aliases/records.js';
import { FUNCTION_POLICY_KIND } from '../permissions/records.js';

/** The kinds resolving an invocation reads: a change to any of them may change what runs. */
const READ_KINDS: ReadonlySet<string> = new Set([FUNCTION_KIND, VERSION_KIND, ALIAS_KIND, FUNCTION_POLICY_KIND]);
const FOLLOW_POLL_MS = 500;
/** Names a node keeps at most (a caller naming endless missing-qualifier variants cannot grow it). */
const MAX_ENTRIES = 10_000;

interface Cache {
  /** Bumped by every relevant change: a load that started before it is not kept. */
  generation: number;
  entries: Map<string, LoadedFunction>;
  following: boolean;
}

const caches = new WeakMap<MetadataStore, Cache>();

function relevant(change: ChangeRecord): boolean {
  return READ_KINDS.has(change.kind);
}

function invalidate(cache: Cache): void {
  cache.generation++;
  cache.entries.clear();
}

function follow(store: MetadataStore, cache: Cache): void {
  store.headPosition().then((head) => {
    new ChangeFollower(store, head, (change) => { if (relevant(change)) invalidate(cache); }, {
      pollMs: FOLLOW_POLL_MS,
      onError: (err) => {
        // Unfollowed, nothing may be kept; a gap (this node was away longer than the feed keeps
        // changes) is followed again from the head. Any other error (a closed store) ends the cache.
        cache.following = false;
        invalidate(cache);
        if (err instanceof ChangeFeedGap) follow(store, cache);
      },
    }).start();
    invalidate(cache);
    cache.following = true;
  }, () => {});
}

function cacheOf(store: MetadataStore): Cache {
  let cache = caches.get(store);
  if (!cache) {
    const created: Cache = { generation: 0, entries: new Map(), following: false };
    store.subscribe((changes) => { if (changes.some(relevant)) invalidate(created); });
    follow(store, created);
    caches.set(store, created);
    cache = created;
  }
  return cache;
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const member of Object.values(value)) deepFreeze(member);
  return Object.freeze(value);
}

/**
 * `loadFunction` for InvokeFunction, from the node's snapshot when it has one. The answer is shared
 * and frozen: callers read it, never change it. Misses (404s, access denied) are not kept.
 */
export async function loadForInvoke(deps: StoreDep, caller: Scope, functionName: string, qualifier?: string): Promise<LoadedFunction> {
  const cache = cacheOf(deps.store);
  const key = `${caller.accountId}\0${caller.region}\0${functionName}\0${qualifier ?? ''}`;
  const hit = cache.entries.get(key);
  if (hit) return hit;
  const generation = cache.generation;
  const loaded = await loadFunction(deps, caller, functionName, 'InvokeFunction', qualifier);
  if (!cache.following || cache.generation !== generation) return loaded;
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear();
  cache.entries.set(key, deepFreeze(loaded));
  return loaded;
}
