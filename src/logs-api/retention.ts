/**
 * Deletes events past their group's retention: once at start and then every SWEEP_EVERY_MS, over every
 * account and region holding logs or log group documents. Reads leave such events out meanwhile.
 */
import type { Scope } from '../store/types.js';
import { listGroups, LOG_GROUP_KIND, retentionCutoff, type LogsApiDeps } from './groups.js';

const SWEEP_EVERY_MS = 60 * 60 * 1000;

export async function sweepRetention(deps: LogsApiDeps): Promise<number> {
  const scopes = new Map<string, Scope>();
  for (const scope of await deps.logs.listScopes()) scopes.set(`${scope.accountId}/${scope.region}`, scope);
  for (const { scope } of await deps.store.listAll(LOG_GROUP_KIND)) scopes.set(`${scope.accountId}/${scope.region}`, scope);
  let removed = 0;
  for (const scope of scopes.values()) {
    for (const group of await listGroups(deps, scope)) {
      const cutoff = retentionCutoff(group, deps.now());
      if (cutoff !== undefined) removed += await deps.logs.pruneBefore(scope.accountId, scope.region, group.logGroupName, cutoff);
    }
  }
  return removed;
}

/** Starts the sweeps; the returned function stops them. The timer never keeps the process alive. */
export function startRetentionSweeps(deps: LogsApiDeps, warn: (message: string) => void): () => void {
  let stopped = false;
  const sweep = () => {
    if (stopped) return;
    sweepRetention(deps).catch((err: Error) => { if (!stopped) warn(`lambkin logs: retention sweep failed: ${err.message}`); });
  };
  const first = setTimeout(sweep, 0);
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  first.unref();
  timer.unref();
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
  };
}
