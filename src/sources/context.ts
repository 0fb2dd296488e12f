/** The PollerContext one run of a poller gets: everything it reaches outside its source goes through here. */
import type { ConfigDep, DurableDep } from '../control/deps.js';
import type { InvokeDeps } from '../control/invoke/run.js';
import type { Lease, MetadataStore } from '../store/types.js';
import { LeasedCheckpoints } from './checkpoints.js';
import { sendMappingFailure } from './failures.js';
import { invokeForMapping } from './invoke.js';
import { compileFilterCriteria } from './filter/index.js';
import type { MappingLog } from './mapping-log.js';
import type { PollerStats } from './stats.js';
import type { MappingView, PollerContext } from './types.js';

/** Resolves true after `ms`, or false as soon as `signal` aborts (at once if it already has). */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export type ContextDeps = InvokeDeps & ConfigDep & DurableDep & { store: MetadataStore };

export interface ContextParts {
  mapping: MappingView;
  /** The source's name: FilterCriteria rules differ per source. */
  sourceName: string;
  signal: AbortSignal;
  lease: Lease;
  stats: PollerStats;
  log: MappingLog;
  onLeaseLost: () => void;
}

/** Throws for FilterCriteria the API would have refused (a run that throws is retried after a backoff). */
export function buildPollerContext(deps: ContextDeps, parts: ContextParts): PollerContext {
  const { mapping, signal, stats, log } = parts;
  const functionArn = mapping.config.FunctionArn ?? '';
  return {
    mapping,
    signal,
    invoke: (event) => invokeForMapping(deps, mapping.scope, functionArn, event),
    matches: compileFilterCriteria(mapping.config.FilterCriteria, parts.sourceName),
    checkpoints: new LeasedCheckpoints(deps.store, mapping.scope, mapping.uuid, parts.lease, parts.onLeaseLost),
    report: stats,
    sendFailure: (destinationArn, record, options) =>
      sendMappingFailure(deps, mapping.uuid, mapping.scope.region, destinationArn, record, options),
    log: (message) => log.write(message),
    sleep: (ms) => abortableSleep(ms, signal),
  };
}
