/**
 * What the functions list shows beside each function: when it last ran and how many of its runs
 * failed or were throttled in the last hour. Kept in memory from the engine's observer (it restarts
 * empty with the node); a minute's counts are dropped once they are an hour old.
 */
import type { EngineObserver, ObservedFunction } from '../engine/observer.js';
import type { Scope } from '../store/types.js';

const MINUTE_MS = 60_000;
const WINDOW_MINUTES = 60;

interface Counts { invocations: number; errors: number; throttles: number }

interface FunctionActivity {
  lastInvoked?: number;
  running: number;
  /** Minute (ms since epoch / 60000) → counts. */
  minutes: Map<number, Counts>;
}

export interface ActivitySummary extends Counts {
  /** ms since epoch of the latest invocation start, or null. */
  lastInvoked: number | null;
  /** Invocations running right now. */
  running: number;
}

export class ConsoleActivity {
  private readonly byFunction = new Map<string, FunctionActivity>();

  constructor(private readonly now: () => number = Date.now) {}

  private entry(fn: ObservedFunction): FunctionActivity {
    const key = `${fn.accountId}/${fn.region}/${fn.functionName}`;
    let found = this.byFunction.get(key);
    if (!found) {
      found = { running: 0, minutes: new Map() };
      this.byFunction.set(key, found);
    }
    return found;
  }

  private count(activity: FunctionActivity, field: keyof Counts): void {
    const minute = Math.floor(this.now() / MINUTE_MS);
    let counts = activity.minutes.get(minute);
    if (!counts) {
      counts = { invocations: 0, errors: 0, throttles: 0 };
      activity.minutes.set(minute, counts);
      for (const old of activity.minutes.keys()) if (old <= minute - WINDOW_MINUTES) activity.minutes.delete(old);
    }
    counts[field]++;
  }

  readonly observer: EngineObserver = {
    invocationStarted: (e) => {
      const a = this.entry(e.fn);
      a.lastInvoked = this.now();
      a.running++;
      this.count(a, 'invocations');
    },
    invocationEnded: (e) => {
      const a = this.entry(e.fn);
      a.running = Math.max(0, a.running - 1);
      if (e.outcome !== 'success') this.count(a, 'errors');
    },
    throttled: (e) => this.count(this.entry(e.fn), 'throttles'),
  };

  /** Every function of one scope that ran (or was throttled) since the node started. */
  summary(scope: Scope): Record<string, ActivitySummary> {
    const prefix = `${scope.accountId}/${scope.region}/`;
    const since = Math.floor(this.now() / MINUTE_MS) - WINDOW_MINUTES;
    const out: Record<string, ActivitySummary> = {};
    for (const [key, a] of this.byFunction) {
      if (!key.startsWith(prefix)) continue;
      const total: Counts = { invocations: 0, errors: 0, throttles: 0 };
      for (const [minute, c] of a.minutes) {
        if (minute <= since) continue;
        total.invocations += c.invocations;
        total.errors += c.errors;
        total.throttles += c.throttles;
      }
      out[key.slice(prefix.length)] = { ...total, lastInvoked: a.lastInvoked ?? null, running: a.running };
    }
    return out;
  }
}
