/**
 * Keeps the engine's provisioned environments in line with the stored provisioned concurrency configs:
 * each config's version (an alias's primary version) gets that many environments started ahead; a
 * config deleted, lowered or raised, an alias moved, a version or function deleted changes them.
 *
 * Per node: when several nodes share the store, each provisions every config for the invokes it serves
 * itself, and Get/List report this node's allocation. This node's own writes are followed at once
 * through the change feed; other nodes' writes are picked up by a periodic look at the configs.
 */
import type { CodeCacheDep, ProvisioningDep, StoreDep } from '../deps.js';
import type { ChangeRecord, Scope } from '../../store/types.js';
import type { FunctionSnapshot } from '../../engine/index.js';
import { ALIAS_KIND } from '../aliases/records.js';
import { FUNCTION_KIND, VERSION_KIND } from '../functions/records.js';
import { loadFunction } from '../functions/service.js';
import { snapshotOf } from '../invoke/snapshot.js';
import { PROVISIONED_CONCURRENCY_KIND, type ProvisionedConcurrencyDoc } from './records.js';

/** How often the configs are read again, for writes of other nodes sharing the store. */
const RESYNC_MS = 5_000;
/** What changes what is provisioned: the configs, and what their qualifiers resolve through. */
const FOLLOWED_KINDS = new Set([PROVISIONED_CONCURRENCY_KIND, ALIAS_KIND, VERSION_KIND, FUNCTION_KIND]);

export type ProvisioningDeps = StoreDep & CodeCacheDep & ProvisioningDep;

/** What one config runs: the version's snapshot, or nothing when its qualifier no longer resolves. */
export async function configSnapshot(deps: StoreDep & CodeCacheDep, scope: Scope, functionName: string, qualifier: string): Promise<FunctionSnapshot | undefined> {
  try {
    const loaded = await loadFunction(deps, scope, functionName, 'GetProvisionedConcurrencyConfig', qualifier);
    const version = loaded.qualified?.version;
    return version ? await snapshotOf(deps, scope, version) : undefined;
  } catch {
    return undefined;
  }
}

/** The engine's tag for a config: its store position, so a new Put (even of the same count) is a new ask. */
export const configTag = (seq: number): string => String(seq);

export class ProvisionedAllocator {
  private running?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;

  constructor(private readonly deps: ProvisioningDeps, private readonly warn: (message: string) => void) {}

  start(): void {
    this.unsubscribe = this.deps.store.subscribe((changes) => {
      if (changes.some((c: ChangeRecord) => FOLLOWED_KINDS.has(c.kind))) this.sync();
    });
    this.timer = setInterval(() => this.sync(), RESYNC_MS);
    this.timer.unref();
    this.sync();
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }

  /** Brings the engine in line with the configs; one pass at a time, another after it if asked meanwhile. */
  sync(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.apply()
      .catch((err: unknown) => this.warn(`lambkin: provisioned concurrency: ${(err as Error).stack ?? err}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.sync();
        }
      });
  }

  private async apply(): Promise<void> {
    const configs = await this.deps.store.listAll<ProvisionedConcurrencyDoc>(PROVISIONED_CONCURRENCY_KIND);
    if (configs.length === 0 && this.deps.engine.provisionedEnvKeys().length === 0) return;
    const wanted = new Map<string, { fn: FunctionSnapshot; count: number; tags: string[] }>();
    for (const { scope, parent, doc, seq } of configs) {
      const fn = await configSnapshot(this.deps, scope, parent, doc.qualifier);
      if (!fn) continue;
      // Two aliases of one version share its environments: the version gets both counts.
      const entry = wanted.get(fn.envKey) ?? { fn, count: 0, tags: [] };
      entry.count += doc.requested;
      entry.tags.push(configTag(seq));
      wanted.set(fn.envKey, entry);
    }
    for (const envKey of this.deps.engine.provisionedEnvKeys()) {
      if (!wanted.has(envKey)) this.deps.engine.unprovision(envKey);
    }
    for (const { fn, count, tags } of wanted.values()) this.deps.engine.provision(fn, count, tags.join(','));
  }
}
