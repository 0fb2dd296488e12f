/** One mapping as /_lambkin/event-source-mappings shows it: the stored mapping and what its poller did. */
import type { EventSourceMappingDoc } from '../control/event-source-mappings/records.js';
import type { Scope } from '../store/types.js';
import type { MappingCounts, PollerState, PollerStats } from './stats.js';

export interface MappingStatus {
  uuid: string;
  accountId: string;
  region: string;
  functionName: string;
  functionArn: string | null;
  eventSourceArn: string | null;
  /** The poller kind (`sqs`, `kinesis`, …), null when Lambkin has none for this source. */
  source: string | null;
  state: string | null;
  stateTransitionReason: string | null;
  lastProcessingResult: string | null;
  poller: { state: PollerState; since: string; nextRunAt: string | null; failures: number };
  counts: MappingCounts;
  /** Age in ms of the oldest record not yet processed, as the poller last saw it (0 when caught up). */
  lagMs: number;
  sourceProblem: string | null;
  lastError: { message: string; at: string } | null;
  lastBatchAt: string | null;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function mappingStatus(scope: Scope, doc: EventSourceMappingDoc, source: string | undefined, stats: PollerStats): MappingStatus {
  const c = doc.config;
  return {
    uuid: doc.uuid,
    accountId: scope.accountId,
    region: scope.region,
    functionName: doc.functionName,
    functionArn: c.FunctionArn ?? null,
    eventSourceArn: c.EventSourceArn ?? null,
    source: source ?? null,
    state: c.State ?? null,
    stateTransitionReason: c.StateTransitionReason ?? null,
    lastProcessingResult: c.LastProcessingResult ?? null,
    poller: { state: stats.state, since: iso(stats.stateSince)!, nextRunAt: iso(stats.nextRunAt), failures: stats.failures },
    counts: { ...stats.counts },
    lagMs: stats.lagMs,
    sourceProblem: stats.sourceProblem ?? null,
    lastError: stats.lastError ? { message: stats.lastError.message, at: iso(stats.lastError.at)! } : null,
    lastBatchAt: iso(stats.lastBatchAt),
  };
}
