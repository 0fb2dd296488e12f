/** What `lambkin status` shows: functions, their environments, the async queue and the mappings, for one account or all. */
import type { DocumentStore } from '../store/types.js';
import type { SourceManager } from '../sources/manager.js';
import type { MappingStatus } from '../sources/status.js';
import { FUNCTION_KIND, type FunctionDoc } from '../control/functions/records.js';
import { ASYNC_EVENT_KIND, type AsyncEventDoc } from '../async/queue.js';
import type { EnvironmentTracker, EnvironmentView } from './environments.js';

export interface FunctionStatus {
  accountId: string;
  region: string;
  functionName: string;
  runtime: string | null;
  state: string | null;
  /** Environments up (warm), of which idle and busy. */
  environments: { warm: number; idle: number; busy: number };
  /** Async events waiting for this function. */
  queued: number;
}

export interface QueueStatus {
  depth: number;
  /** Age of the oldest waiting event in ms (0 when empty). */
  oldestAgeMs: number;
  functions: Array<{ accountId: string; region: string; functionArn: string; depth: number; oldestAgeMs: number }>;
}

export interface StatusReport {
  functions: FunctionStatus[];
  environments: EnvironmentView[];
  asyncQueue: QueueStatus;
  eventSourceMappings: MappingStatus[];
}

export interface StatusDeps {
  store: Pick<DocumentStore, 'listAll'>;
  environments: Pick<EnvironmentTracker, 'list'>;
  sourceManager: Pick<SourceManager, 'status' | 'settled'>;
}

const byPlace = <T extends { accountId: string; region: string }>(a: T, b: T) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region);

async function queueStatus(deps: StatusDeps, accountId: string | undefined, now: number): Promise<QueueStatus> {
  const events = (await deps.store.listAll<AsyncEventDoc>(ASYNC_EVENT_KIND)).filter((e) => accountId === undefined || e.scope.accountId === accountId);
  const perFunction = new Map<string, QueueStatus['functions'][number]>();
  for (const event of events) {
    const key = `${event.scope.accountId} ${event.scope.region} ${event.doc.functionArn}`;
    const age = Math.max(0, now - event.doc.enqueuedAt);
    const entry = perFunction.get(key) ?? { ...event.scope, functionArn: event.doc.functionArn, depth: 0, oldestAgeMs: 0 };
    entry.depth += 1;
    entry.oldestAgeMs = Math.max(entry.oldestAgeMs, age);
    perFunction.set(key, entry);
  }
  const functions = [...perFunction.values()].sort((a, b) => byPlace(a, b) || a.functionArn.localeCompare(b.functionArn));
  return { depth: events.length, oldestAgeMs: Math.max(0, ...functions.map((f) => f.oldestAgeMs)), functions };
}

export async function statusReport(deps: StatusDeps, accountId?: string): Promise<StatusReport> {
  const now = Date.now();
  // What was committed before the request is reflected in the mappings' part.
  await deps.sourceManager.settled();
  const environments = deps.environments.list(accountId);
  const asyncQueue = await queueStatus(deps, accountId, now);
  const stored = (await deps.store.listAll<FunctionDoc>(FUNCTION_KIND)).filter((f) => accountId === undefined || f.scope.accountId === accountId);
  const functions = stored.map((f): FunctionStatus => {
    const config = f.doc.latest.config;
    const own = environments.filter((e) => e.accountId === f.scope.accountId && e.region === f.scope.region && e.functionName === f.doc.name);
    const busy = own.filter((e) => e.state === 'busy').length;
    const arn = config.FunctionArn;
    return {
      accountId: f.scope.accountId, region: f.scope.region, functionName: f.doc.name,
      runtime: config.Runtime ?? null, state: config.State ?? null,
      environments: { warm: own.length, idle: own.length - busy, busy },
      queued: asyncQueue.functions.filter((q) => q.functionArn === arn).reduce((n, q) => n + q.depth, 0),
    };
  }).sort((a, b) => byPlace(a, b) || a.functionName.localeCompare(b.functionName));
  return { functions, environments, asyncQueue, eventSourceMappings: deps.sourceManager.status(accountId !== undefined ? { accountId } : {}) };
}
