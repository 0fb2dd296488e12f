/**
 * The source manager: runs a poller for every event source mapping that should poll, and completes
 * the State moves the API starts. At start-up it reads every mapping (and sweeps checkpoints whose
 * mapping is gone), then follows the change feed; each mapping is reconciled from its stored document,
 * one reconcile at a time per mapping, so repeated or late notices change nothing.
 *
 * Creating, Enabling and Updating settle on Enabled (Disabled for a disabled mapping), Disabling on
 * Disabled once its poller stopped; a Deleting mapping is removed, with its checkpoints, once its
 * poller stopped; a mapping that vanished (its function was deleted) loses its poller and checkpoints.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { ConfigDep, DurableDep } from '../control/deps.js';
import type { InvokeDeps } from '../control/invoke/run.js';
import type { LogStore } from '../engine/logs/store.js';
import { ChangeFollower } from '../store/follow.js';
import { StoreConflict, type ChangeRecord, type MetadataStore, type Scope } from '../store/types.js';
import {
  EVENT_SOURCE_MAPPING_KIND, SOURCE_CHECKPOINT_KIND, type EventSourceMappingDoc,
} from '../control/event-source-mappings/records.js';
import { sourceFor } from './index.js';
import type { EventSource } from './types.js';
import { DEFAULT_BACKOFF, type BackoffSettings } from './backoff.js';
import { dropCheckpoints } from './checkpoints.js';
import { MappingRunner } from './runner.js';
import { settle, settledState, wantsPoller } from './states.js';
import { PollerStats } from './stats.js';
import { mappingStatus, type MappingStatus } from './status.js';

export interface SourceManagerDeps extends InvokeDeps, ConfigDep, DurableDep {
  store: MetadataStore;
  /** Where pollers' lines in their functions' logs go. */
  logs: Pick<LogStore, 'openStream'>;
  /** The kinds of source this node polls (src/sources/index.ts). */
  sources: readonly EventSource[];
}

export interface SourceManagerOptions {
  /** This node's name in the lease table (default: host, process and a random part). */
  holder?: string;
  leaseTtlMs?: number;
  backoff?: BackoffSettings;
  /** How often to look at the feed for other nodes' changes (ms). */
  pollMs?: number;
  /** How long `stop` waits for pollers to return. */
  stopTimeoutMs?: number;
  now?: () => number;
}

interface Entry {
  scope: Scope;
  uuid: string;
  doc?: EventSourceMappingDoc;
  source?: EventSource;
  runner?: MappingRunner;
  stats: PollerStats;
  /** This mapping's reconciles and writes, one after another. */
  chain: Promise<void>;
}

const entryKey = (scope: Scope, uuid: string): string => `${scope.accountId}/${scope.region}/${uuid}`;
const NO_POLLER = 'Lambkin has no poller for this event source';
const WRITE_TRIES = 8;

export class SourceManager {
  private readonly entries = new Map<string, Entry>();
  private follower: ChangeFollower | undefined;
  private stopped = false;
  private readonly holder: string;
  private readonly leaseTtlMs: number;
  private readonly now: () => number;

  constructor(private readonly deps: SourceManagerDeps, private readonly options: SourceManagerOptions = {}) {
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID()}`;
    this.leaseTtlMs = options.leaseTtlMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  async start(): Promise<void> {
    const head = await this.deps.store.headPosition();
    const docs = await this.deps.store.listAll<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND);
    await this.sweepOrphanCheckpoints(docs);
    for (const d of docs) this.schedule(d.scope, d.key);
    this.follow(head);
  }

  /** Aborts every poller, waits for them (up to the stop timeout) and releases their leases. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.follower?.stop();
    const entries = [...this.entries.values()];
    const runners = entries.flatMap((e) => (e.runner ? [e.runner.stop()] : []));
    const all = Promise.all([...runners, ...entries.map((e) => e.chain)]);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), this.options.stopTimeoutMs ?? 10_000); });
    if (await Promise.race([all, timeout]) === 'timeout') {
      console.error('lambkin sources: some pollers did not stop in time; leaving them');
    }
    clearTimeout(timer);
  }

  /**
   * Resolves once every change committed so far has been reconciled, or after `maxWaitMs` (a poller
   * slow to stop holds its mapping's reconcile): the status endpoint answers with what it has then.
   */
  async settled(maxWaitMs = 2_000): Promise<void> {
    const all = (async () => {
      await this.follower?.drain();
      await Promise.all([...this.entries.values()].map((e) => e.chain));
    })();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((resolve) => { timer = setTimeout(resolve, maxWaitMs); })]);
    clearTimeout(timer);
  }

  status(filter: { accountId?: string; uuid?: string } = {}): MappingStatus[] {
    const out: MappingStatus[] = [];
    for (const e of this.entries.values()) {
      if (!e.doc) continue;
      if (filter.accountId !== undefined && e.scope.accountId !== filter.accountId) continue;
      if (filter.uuid !== undefined && e.uuid !== filter.uuid) continue;
      out.push(mappingStatus(e.scope, e.doc, e.source?.name, e.stats));
    }
    return out.sort((a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region) || a.uuid.localeCompare(b.uuid));
  }

  private follow(from: number): void {
    this.follower = new ChangeFollower(this.deps.store, from, (change) => this.onChange(change), {
      pollMs: this.options.pollMs ?? 2_000,
      onError: (err) => { void this.resync(err); },
    }).start();
  }

  /** The feed no longer holds what comes next (or reading it failed): read everything again. */
  private async resync(err: unknown): Promise<void> {
    if (this.stopped) return;
    console.error('lambkin sources: reloading every mapping after the change feed stopped:', err);
    try {
      const head = await this.deps.store.headPosition();
      const docs = await this.deps.store.listAll<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND);
      for (const e of this.entries.values()) this.schedule(e.scope, e.uuid);
      for (const d of docs) this.schedule(d.scope, d.key);
      if (!this.stopped) this.follow(head);
    } catch (again) {
      console.error('lambkin sources: could not reload the mappings; trying again in 5 s:', again);
      setTimeout(() => { void this.resync(again); }, 5_000).unref();
    }
  }

  private onChange(change: ChangeRecord): void {
    if (change.kind === EVENT_SOURCE_MAPPING_KIND) this.schedule(change.scope, change.key);
  }

  private entryFor(scope: Scope, uuid: string): Entry {
    const key = entryKey(scope, uuid);
    let entry = this.entries.get(key);
    if (!entry) {
      const created: Entry = {
        scope, uuid, chain: Promise.resolve(),
        stats: new PollerStats(this.now, (text) => this.enqueue(created, () => this.writeResult(created, text))),
      };
      this.entries.set(key, created);
      entry = created;
    }
    return entry;
  }

  private schedule(scope: Scope, uuid: string): void {
    const entry = this.entryFor(scope, uuid);
    this.enqueue(entry, () => this.reconcile(entry));
  }

  private enqueue(entry: Entry, work: () => Promise<void>): void {
    entry.chain = entry.chain.then(work).catch((err: unknown) => {
      console.error(`lambkin sources: mapping ${entry.uuid}:`, err);
    });
  }

  private async reconcile(entry: Entry): Promise<void> {
    if (this.stopped) return;
    const stored = await this.deps.store.get<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND, entry.scope, entry.uuid);
    if (!stored) return this.vanished(entry);
    const doc = stored.doc;
    entry.doc = doc;
    if (doc.config.State === 'Deleting') return this.remove(entry, stored.seq);
    if (wantsPoller(doc)) this.ensureRunner(entry, doc);
    else await this.stopRunner(entry);
    const target = settledState(doc);
    if (!target || this.stopped) return;
    try {
      await this.deps.store.commit([{
        op: 'put', kind: EVENT_SOURCE_MAPPING_KIND, scope: entry.scope, key: entry.uuid, parent: stored.parent,
        doc: settle(doc, target, this.now()), ifSeq: stored.seq,
      }]);
    } catch (err) {
      // The API wrote meanwhile: its change is reconciled next, from the newer document.
      if (!(err instanceof StoreConflict)) throw err;
      this.schedule(entry.scope, entry.uuid);
    }
  }

  private ensureRunner(entry: Entry, doc: EventSourceMappingDoc): void {
    if (entry.runner) {
      entry.runner.update(doc);
      return;
    }
    entry.source ??= sourceFor(this.deps.sources, doc.config);
    if (!entry.source) {
      entry.stats.sourceProblem = NO_POLLER;
      return;
    }
    entry.runner = new MappingRunner({
      ...this.deps, holder: this.holder, leaseTtlMs: this.leaseTtlMs, backoff: this.options.backoff ?? DEFAULT_BACKOFF, now: this.now,
    }, entry.source, doc, entry.scope, entry.stats);
  }

  private async stopRunner(entry: Entry): Promise<void> {
    const runner = entry.runner;
    entry.runner = undefined;
    await runner?.stop();
  }

  /** Deleting: the poller stops first, then the mapping and its checkpoints go in one batch. */
  private async remove(entry: Entry, seq: number): Promise<void> {
    await this.stopRunner(entry);
    if (this.stopped) return;
    try {
      await this.deps.store.commit([
        dropCheckpoints(entry.scope, entry.uuid),
        { op: 'delete', kind: EVENT_SOURCE_MAPPING_KIND, scope: entry.scope, key: entry.uuid, ifSeq: seq },
      ]);
    } catch (err) {
      if (!(err instanceof StoreConflict)) throw err;
      this.schedule(entry.scope, entry.uuid);
    }
  }

  private async vanished(entry: Entry): Promise<void> {
    await this.stopRunner(entry);
    if (this.stopped) return;
    await this.deps.store.commit([dropCheckpoints(entry.scope, entry.uuid)]);
    this.entries.delete(entryKey(entry.scope, entry.uuid));
  }

  /** LastProcessingResult, for the mappings that show one (AWS leaves it out for SQS). */
  private async writeResult(entry: Entry, text: string): Promise<void> {
    for (let attempt = 0; attempt < WRITE_TRIES && !this.stopped; attempt++) {
      const stored = await this.deps.store.get<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND, entry.scope, entry.uuid);
      const current = stored?.doc.config.LastProcessingResult;
      if (!stored || current === undefined || current === text || stored.doc.config.State === 'Deleting') return;
      const doc: EventSourceMappingDoc = { ...stored.doc, config: { ...stored.doc.config, LastProcessingResult: text } };
      try {
        await this.deps.store.commit([{
          op: 'put', kind: EVENT_SOURCE_MAPPING_KIND, scope: entry.scope, key: entry.uuid, parent: stored.parent, doc, ifSeq: stored.seq,
        }]);
        return;
      } catch (err) {
        if (!(err instanceof StoreConflict)) throw err;
      }
    }
  }

  private async sweepOrphanCheckpoints(mappings: Array<{ scope: Scope; key: string }>): Promise<void> {
    const live = new Set(mappings.map((m) => entryKey(m.scope, m.key)));
    const orphans = new Map<string, { scope: Scope; uuid: string }>();
    for (const c of await this.deps.store.listAll(SOURCE_CHECKPOINT_KIND)) {
      const key = entryKey(c.scope, c.parent);
      if (!live.has(key)) orphans.set(key, { scope: c.scope, uuid: c.parent });
    }
    if (orphans.size) await this.deps.store.commit([...orphans.values()].map((o) => dropCheckpoints(o.scope, o.uuid)));
  }
}
