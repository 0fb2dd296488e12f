/**
 * One mapping's poller on this node: takes the mapping's lease (waiting while another node holds it),
 * renews it, runs the source's poller under it, and runs it again after a backoff when it throws or
 * ends on its own. A new generation of the mapping restarts the poller at once with the new settings;
 * a lost lease aborts it (its checkpoint writes are refused from then on) until the lease is won again.
 */
import type { Lease } from '../store/types.js';
import type { EventSourceMappingDoc } from '../control/event-source-mappings/records.js';
import type { LogStore } from '../engine/logs/store.js';
import { backoffDelayMs, failuresAfterRun, type BackoffSettings } from './backoff.js';
import { abortableSleep, buildPollerContext, type ContextDeps } from './context.js';
import { MappingLog, functionRoleOf, logTargetOf } from './mapping-log.js';
import type { PollerStats } from './stats.js';
import type { EventSource, MappingView } from './types.js';

export interface RunnerDeps extends ContextDeps {
  logs: Pick<LogStore, 'openStream'>;
  /** This node's name in the lease table. */
  holder: string;
  leaseTtlMs: number;
  backoff: BackoffSettings;
  now: () => number;
}

export function mappingLeaseName(uuid: string): string {
  return `event-source-mapping:${uuid}`;
}

function viewOf(doc: EventSourceMappingDoc, scope: MappingView['scope']): MappingView {
  return { uuid: doc.uuid, scope, config: doc.config };
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class MappingRunner {
  private view: MappingView;
  private generation: number;
  private functionName: string;
  private readonly stopping = new AbortController();
  /** Aborted to end the current run or backoff early (a new generation, a lost lease, a stop). */
  private current: AbortController | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly deps: RunnerDeps,
    private readonly source: EventSource,
    doc: EventSourceMappingDoc,
    private readonly scope: MappingView['scope'],
    private readonly stats: PollerStats,
  ) {
    this.view = viewOf(doc, scope);
    this.generation = doc.generation;
    this.functionName = doc.functionName;
    this.done = this.loop();
  }

  /** The mapping as stored now: a new generation restarts the poller with it. */
  update(doc: EventSourceMappingDoc): void {
    if (doc.generation === this.generation) return;
    this.view = viewOf(doc, this.scope);
    this.generation = doc.generation;
    this.functionName = doc.functionName;
    this.current?.abort();
  }

  /** Aborts the poller, waits for it to return and releases the lease. */
  stop(): Promise<void> {
    this.stopping.abort();
    this.current?.abort();
    return this.done;
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const lease = await this.acquire();
      if (!lease) break;
      try {
        await this.runUnderLease(lease);
      } catch (err) {
        this.stats.noteError(message(err));
        await abortableSleep(this.deps.backoff.capMs, this.stopping.signal);
      }
    }
    this.stats.setState('stopped');
  }

  /** The lease, once this node holds it; undefined if stopped first. */
  private async acquire(): Promise<Lease | undefined> {
    const name = mappingLeaseName(this.view.uuid);
    while (!this.stopped) {
      try {
        const lease = await this.deps.store.acquireLease(name, this.deps.holder, this.deps.leaseTtlMs);
        if (lease) return lease;
        this.stats.setState('waiting-for-lease');
      } catch (err) {
        this.stats.noteError(`could not take the mapping's lease: ${message(err)}`);
      }
      await abortableSleep(this.deps.leaseTtlMs / 3, this.stopping.signal);
    }
    return undefined;
  }

  private async runUnderLease(first: Lease): Promise<void> {
    let lease = first;
    const lost = new AbortController();
    let finished = false;
    const loseLease = (why: string) => {
      // A renewal answered after the run ended (and the lease was released) is no loss.
      if (finished || lost.signal.aborted) return;
      lost.abort();
      this.current?.abort();
      this.stats.noteError(`lost the mapping's lease (${why}); the poller stopped`);
      console.error(`lambkin sources: mapping ${this.view.uuid} lost its lease (${why}); its poller stopped`);
    };
    const renewal = setInterval(() => {
      this.deps.store.renewLease(lease, this.deps.leaseTtlMs).then(
        (renewed) => (renewed ? (lease = renewed) : loseLease('it expired or another node took it')),
        (err: unknown) => this.stats.noteError(`could not renew the mapping's lease: ${message(err)}`),
      );
    }, this.deps.leaseTtlMs / 3);
    renewal.unref();
    let failures = 0;
    try {
      while (!this.stopped && !lost.signal.aborted) {
        const controller = new AbortController();
        this.current = controller;
        const started = this.deps.now();
        const outcome = await this.runOnce(lease, controller.signal, () => loseLease('a checkpoint write was refused'));
        if (this.stopped || lost.signal.aborted) break;
        if (controller.signal.aborted) {
          failures = 0; // restarted for new settings: run again at once
          continue;
        }
        failures = failuresAfterRun(failures, this.deps.now() - started, this.deps.backoff);
        this.stats.failures++;
        const delay = backoffDelayMs(failures, this.deps.backoff);
        const why = outcome.threw ? `failed: ${message(outcome.error)}` : 'stopped on its own';
        console.error(`lambkin sources: the ${this.source.name} poller of mapping ${this.view.uuid} ${why}; running it again in ${delay} ms`);
        this.stats.setState('backing-off', this.deps.now() + delay);
        const wake = new AbortController();
        this.current = wake;
        await abortableSleep(delay, AbortSignal.any([wake.signal, this.stopping.signal, lost.signal]));
      }
    } finally {
      finished = true;
      clearInterval(renewal);
      this.current = undefined;
    }
    if (!lost.signal.aborted) await this.deps.store.releaseLease(lease).catch(() => false);
  }

  private async runOnce(lease: Lease, signal: AbortSignal, onLeaseLost: () => void): Promise<{ threw: boolean; error?: unknown }> {
    const target = await logTargetOf(this.deps.store, this.scope, this.functionName)
      .catch(() => ({ group: `/aws/lambda/${this.functionName}`, format: 'Text' as const }));
    const log = new MappingLog(this.deps.logs, this.scope, this.view.uuid, target);
    const role = await functionRoleOf(this.deps.store, this.scope, this.functionName).catch(() => undefined);
    const mapping = role ? { ...this.view, functionRole: role } : this.view;
    this.stats.setState('running');
    try {
      const ctx = buildPollerContext(this.deps, { mapping, sourceName: this.source.name, signal, lease, stats: this.stats, log, onLeaseLost });
      await this.source.run(ctx);
      return { threw: false };
    } catch (error) {
      if (signal.aborted) return { threw: false };
      this.stats.pollerFailed(error);
      log.write(`The ${this.source.name} poller failed: ${message(error)}`);
      return { threw: true, error };
    } finally {
      log.close();
    }
  }
}
