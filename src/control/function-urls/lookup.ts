/**
 * The URL gateway's way in: which config, in which account, a URL id names. Asked on every URL request,
 * so it reads an in-memory index (url id → scope and config) instead of the store. The index is built
 * from `listAll` on first use and dropped whenever a batch committed through this store touches a URL
 * config (create, update, delete, a function's or alias's delete, a reset): the store's listeners run
 * before `commit` resolves, so a lookup after any answered write sees it. A restart starts a new index.
 */
import type { StoreDep } from '../deps.js';
import type { ChangeRecord, MetadataStore, Scope } from '../../store/types.js';
import { FUNCTION_URL_KIND, type FunctionUrlDoc } from './records.js';

interface Entry { scope: Scope; doc: FunctionUrlDoc }

interface UrlIndex {
  /** Bumped by every change to a URL config: a build started before it is not kept. */
  generation: number;
  byId?: Map<string, Entry>;
  building?: { generation: number; done: Promise<Map<string, Entry>> };
}

const indexes = new WeakMap<MetadataStore, UrlIndex>();
const URL_ID = /^[a-z0-9]{32}$/;

function touchesUrls(changes: readonly ChangeRecord[]): boolean {
  return changes.some((c) => c.kind === FUNCTION_URL_KIND);
}

function freeze(doc: FunctionUrlDoc): FunctionUrlDoc {
  if (doc.cors) for (const list of Object.values(doc.cors)) if (Array.isArray(list)) Object.freeze(list);
  if (doc.cors) Object.freeze(doc.cors);
  return Object.freeze(doc);
}

function indexOf(store: MetadataStore): UrlIndex {
  let index = indexes.get(store);
  if (!index) {
    const created: UrlIndex = { generation: 0 };
    store.subscribe((changes) => {
      if (!touchesUrls(changes)) return;
      created.generation++;
      delete created.byId;
    });
    indexes.set(store, created);
    index = created;
  }
  return index;
}

function build(store: MetadataStore, index: UrlIndex): Promise<Map<string, Entry>> {
  const generation = index.generation;
  if (index.building?.generation === generation) return index.building.done;
  const done = store.listAll<FunctionUrlDoc>(FUNCTION_URL_KIND).then((docs) => {
    const byId = new Map(docs.map((d) => [d.doc.urlId, { scope: d.scope, doc: freeze(d.doc) }] as const));
    if (index.generation === generation) index.byId = byId;
    return byId;
  }).finally(() => {
    if (index.building?.done === done) delete index.building;
  });
  index.building = { generation, done };
  return done;
}

/**
 * The config a URL id names in a region, with the account and region it lives in; undefined for an id
 * no config has (or a malformed one, without touching the store). The doc is shared and frozen.
 */
export async function findByUrlId(deps: StoreDep, region: string, urlId: string): Promise<{ scope: Scope; doc: FunctionUrlDoc } | undefined> {
  if (!URL_ID.test(urlId)) return undefined;
  const index = indexOf(deps.store);
  const byId = index.byId ?? await build(deps.store, index);
  const entry = byId.get(urlId);
  return entry && entry.scope.region === region ? entry : undefined;
}
