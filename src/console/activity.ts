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
  /** The minute last counted in, which most counts go to. */
  latest?: { minute: number; counts: Counts };
}

export interface ActivitySummary extends Counts {
  /** ms since epoch of the latest invocation start, or null. */
  lastInvoked: number | null;
  /** Invocations running right now. */
  running: number;
}

export class ConsoleActivity {
  private readonly byFunction = new Map<string, FunctionActivity>();
  /** The entry of each function version the engine reported (one object each), so no key is built per event. */
  private readonly byVersion = new WeakMap<ObservedFunction, FunctionActivity>();

  constructor(private readonly now: () => number = Date.now) {}

  private entry(fn: ObservedFunction): FunctionActivity {
    let found = this.byVersion.get(fn);
    if (found) return found;
    const key = `${fn.accountId}/${fn.region}/${fn.functionName}`;
    found = this.byFunction.get(key);
    if (!found) {
      found = { running: 0, minutes: new Map() };
      this.byFunction.set(key, found);
    }
    this.byVersion.set(fn, found);
    return found;
  }

  private count(activity: FunctionActivity, field: keyof Counts, now = this.now()): void {
    const minute = Math.floor(now / MINUTE_MS);
    if (activity.latest?.minute !== minute) activity.latest = { minute, counts: this.minuteOf(activity, minute) };
    activity.latest.counts[field]++;
  }

  private minuteOf(activity: FunctionActivity, minute: number): Counts {
    let counts = activity.minutes.get(minute);
    if (!counts) {
      counts = { invocations: 0, errors: 0, throttles: 0 };
      activity.minutes.set(minute, counts);
      for (const old of activity.minutes.keys()) if (old <= minute - WINDOW_MINUTES) activity.minutes.delete(old);
    }
    return counts;
  }

  readonly observer: EngineObserver = {
    invocationStarted: (e) => {
      const a = this.entry(e.fn);
      const now = this.now();
      a.lastInvoked = now;
      a.running++;
      this.count(a, 'invocations', now);
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
