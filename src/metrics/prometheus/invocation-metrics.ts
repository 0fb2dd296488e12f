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

interface EnvironmentCount { key: string; labels: FunctionLabels; up: number; busy: number }

export function invocationMetrics(registry: Registry, budget: SeriesBudget): EngineObserver {
  const labelNames = FUNCTION_LABEL_NAMES;
  const registers = [registry];
  const counter = (name: string, help: string, extra: string[] = []) =>
    new Counter({ name, help, labelNames: [...labelNames, ...extra], registers });
  const histogram = (name: string, help: string, buckets: number[]) =>
    new Histogram({ name, help, labelNames, buckets, registers });
  const invocations = counter('lambkin_invocations_total', 'Invocations that ran in an environment (successes and errors, not throttles).');
  const errors = counter('lambkin_errors_total', 'Invocations that ended in an error, by error type.', ['error_type']);
  const throttles = counter('lambkin_throttles_total', 'Invokes refused for concurrency, by reason.', ['reason']);
  const coldStarts = counter('lambkin_cold_starts_total', 'Invocations that started a new environment.');
  const duration = histogram('lambkin_duration_seconds', 'Time the function ran per invocation.', DURATION_BUCKETS);
  const initDuration = histogram('lambkin_init_duration_seconds', 'Init time of new environments.', INIT_BUCKETS);
  /** Environments up and busy per label set (folded versions share one). */
  const counts = new Map<string, EnvironmentCount>();
  const countFor = (fn: ObservedFunction): EnvironmentCount => {
    const labels = labelsOf(budget, fn);
    const key = Object.values(labels).join('\n');
    let count = counts.get(key);
    if (!count) counts.set(key, count = { key, labels, up: 0, busy: 0 });
    return count;
  };
  // A version with nothing up has no gauge series.
  const forgetIfNone = (count: EnvironmentCount) => {
    if (count.up === 0 && count.busy === 0) counts.delete(count.key);
  };
  new Gauge({
    name: 'lambkin_concurrent_executions', help: 'Invocations running now.', labelNames, registers,
    collect() {
      this.reset();
      for (const { labels, busy } of counts.values()) this.set({ ...labels }, busy);
    },
  });
  new Gauge({
    name: 'lambkin_environments', help: 'Execution environments up now: busy with an invocation or idle (warm).',
    labelNames: [...labelNames, 'state'], registers,
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
      forgetIfNone(count);
      const { labels } = count;
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
      forgetIfNone(count);
    },
  };
}

function labelsOf(budget: SeriesBudget, fn: ObservedFunction): FunctionLabels {
  return budget.labels(fn.accountId, fn.region, fn.functionName, fn.version);
}
