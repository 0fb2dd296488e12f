/** The engine's events as Prometheus metrics: invocations, errors, throttles, durations, cold starts, environments. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { EngineObserver, InvocationEnded, ObservedFunction } from '../../engine/observer.js';
import { ErrorTypeBudget, FUNCTION_LABEL_NAMES, type FunctionLabels, type SeriesBudget } from './series-budget.js';

/** Seconds: from a warm millisecond handler to Lambda's 15-minute ceiling. */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];
/** Seconds: init takes from tens of milliseconds up to Lambda's 10-second init limit (and a little past it). */
const INIT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

/** What the error counter names an error: the platform's type, the runtime's, or AWS's generic ones. */
function errorTypeOf(event: InvocationEnded): string {
  if (event.errorType) return event.errorType;
  if (event.outcome === 'timeout') return 'Sandbox.Timedout';
  return event.functionErrorType ?? 'Unhandled';
}

interface EnvironmentCount { labels: FunctionLabels; up: number; busy: number }

export function invocationMetrics(registry: Registry, budget: SeriesBudget): EngineObserver {
  const labelNames = FUNCTION_LABEL_NAMES;
  const registers = [registry];
  const invocations = new Counter({ name: 'lambkin_invocations_total', help: 'Invocations that ran in an environment (successes and errors, not throttles).', labelNames, registers });
  const errors = new Counter({ name: 'lambkin_errors_total', help: 'Invocations that ended in an error, by error type.', labelNames: [...labelNames, 'error_type'], registers });
  const throttles = new Counter({ name: 'lambkin_throttles_total', help: 'Invokes refused for concurrency, by reason.', labelNames: [...labelNames, 'reason'], registers });
  const coldStarts = new Counter({ name: 'lambkin_cold_starts_total', help: 'Invocations that started a new environment.', labelNames, registers });
  const duration = new Histogram({ name: 'lambkin_duration_seconds', help: 'Time the function ran per invocation.', labelNames, buckets: DURATION_BUCKETS, registers });
  const initDuration = new Histogram({ name: 'lambkin_init_duration_seconds', help: 'Init time of new environments.', labelNames, buckets: INIT_BUCKETS, registers });
  const counts = new Map<string, EnvironmentCount>();
  const countFor = (fn: ObservedFunction): EnvironmentCount => {
    const labels = labelsOf(budget, fn);
    const key = Object.values(labels).join('\n');
    let count = counts.get(key);
    if (!count) counts.set(key, count = { labels, up: 0, busy: 0 });
    return count;
  };
  const forgetIdle = (fn: ObservedFunction, count: EnvironmentCount) => {
    if (count.up === 0 && count.busy === 0) counts.delete(Object.values(labelsOf(budget, fn)).join('\n'));
  };
  new Gauge({
    name: 'lambkin_concurrent_executions', help: 'Invocations running now.', labelNames, registers,
    collect() {
      this.reset();
      for (const { labels, busy } of counts.values()) this.set({ ...labels }, busy);
    },
  });
  new Gauge({
    name: 'lambkin_environments', help: 'Execution environments up now: busy with an invocation or idle (warm).', labelNames: [...labelNames, 'state'], registers,
    collect() {
      this.reset();
      for (const { labels, up, busy } of counts.values()) {
        this.set({ ...labels, state: 'busy' }, Math.min(busy, up));
        this.set({ ...labels, state: 'idle' }, Math.max(0, up - busy));
      }
    },
  });
  const errorTypes = new ErrorTypeBudget();
  return {
    invocationStarted(event) {
      countFor(event.fn).busy++;
    },
    invocationEnded(event) {
      const count = countFor(event.fn);
      count.busy = Math.max(0, count.busy - 1);
      forgetIdle(event.fn, count);
      const labels = labelsOf(budget, event.fn);
      invocations.inc(labels);
      duration.observe(labels, event.durationMs / 1000);
      if (event.outcome !== 'success') errors.inc({ ...labels, error_type: errorTypes.label(errorTypeOf(event)) });
    },
    coldStart(event) {
      const labels = labelsOf(budget, event.fn);
      coldStarts.inc(labels);
      initDuration.observe(labels, event.initDurationMs / 1000);
    },
    throttled(event) {
      throttles.inc({ ...labelsOf(budget, event.fn), reason: event.reason });
    },
    environmentUp(event) {
      countFor(event.fn).up++;
    },
    environmentDown(event) {
      const count = countFor(event.fn);
      // An environment that was up before this observer subscribed is not counted.
      count.up = Math.max(0, count.up - 1);
      forgetIdle(event.fn, count);
    },
  };
}

function labelsOf(budget: SeriesBudget, fn: ObservedFunction): FunctionLabels {
  return budget.labels(fn.accountId, fn.region, fn.functionName, fn.version);
}
