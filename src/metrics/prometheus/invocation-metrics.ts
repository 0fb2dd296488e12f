/** The engine's events as Prometheus metrics: invocations, errors, throttles, durations, cold starts, environments. */
import { Gauge, type Registry } from 'prom-client';
import { BoundCounter, BoundHistogram, type CounterSeries, type HistogramSeries } from './bound-metrics.js';
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

/** What one function version's events update, looked up once. */
interface VersionSeries {
  labels: FunctionLabels;
  /** Of its environment count: folded versions share one. */
  countKey: string;
  invocations: CounterSeries;
  duration: HistogramSeries;
  coldStarts: CounterSeries;
  initDuration: HistogramSeries;
  /** By error type, and by throttle reason, as they come. */
  errors: Map<string, CounterSeries>;
  throttles: Map<string, CounterSeries>;
}

export function invocationMetrics(registry: Registry, budget: SeriesBudget): EngineObserver {
  const labelNames = FUNCTION_LABEL_NAMES;
  const registers = [registry];
  const invocations = new BoundCounter('lambkin_invocations_total', 'Invocations that ran in an environment (successes and errors, not throttles).', registry);
  const errors = new BoundCounter('lambkin_errors_total', 'Invocations that ended in an error, by error type.', registry);
  const throttles = new BoundCounter('lambkin_throttles_total', 'Invokes refused for concurrency, by reason.', registry);
  const coldStarts = new BoundCounter('lambkin_cold_starts_total', 'Invocations that started a new environment.', registry);
  const duration = new BoundHistogram('lambkin_duration_seconds', 'Time the function ran per invocation.', DURATION_BUCKETS, registry);
  const initDuration = new BoundHistogram('lambkin_init_duration_seconds', 'Init time of new environments.', INIT_BUCKETS, registry);
  /** By function version: the engine hands out one object each, so this forgets what it no longer runs. */
  const versions = new WeakMap<ObservedFunction, VersionSeries>();
  const seriesOf = (fn: ObservedFunction): VersionSeries => {
    let found = versions.get(fn);
    if (!found) {
      const labels = budget.labels(fn.accountId, fn.region, fn.functionName, fn.version);
      found = {
        labels, countKey: Object.values(labels).join('\n'),
        invocations: invocations.series(labels), duration: duration.series(labels),
        coldStarts: coldStarts.series(labels), initDuration: initDuration.series(labels),
        errors: new Map(), throttles: new Map(),
      };
      versions.set(fn, found);
    }
    return found;
  };
  const labelled = (metric: BoundCounter, byValue: Map<string, CounterSeries>, labels: FunctionLabels, name: string, value: string) => {
    let found = byValue.get(value);
    if (!found) byValue.set(value, (found = metric.series({ ...labels, [name]: value })));
    return found;
  };
  /** Environments up and busy per label set (folded versions share one). */
  const counts = new Map<string, EnvironmentCount>();
  const countFor = ({ countKey: key, labels }: VersionSeries): EnvironmentCount => {
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
      countFor(seriesOf(event.fn)).busy++;
    },
    invocationEnded(event) {
      const series = seriesOf(event.fn);
      const count = countFor(series);
      count.busy = Math.max(0, count.busy - 1);
      forgetIfNone(count);
      series.invocations.inc();
      series.duration.observe(event.durationMs / 1000);
      if (event.outcome !== 'success') labelled(errors, series.errors, series.labels, 'error_type', errorTypes.label(errorTypeOf(event))).inc();
    },
    coldStart(event) {
      const series = seriesOf(event.fn);
      series.coldStarts.inc();
      series.initDuration.observe(event.initDurationMs / 1000);
    },
    throttled(event) {
      const series = seriesOf(event.fn);
      labelled(throttles, series.throttles, series.labels, 'reason', event.reason).inc();
    },
    environmentUp(event) {
      countFor(seriesOf(event.fn)).up++;
    },
    environmentDown(event) {
      const count = countFor(seriesOf(event.fn));
      // An environment that was up before this observer subscribed is not counted.
      count.up = Math.max(0, count.up - 1);
      forgetIfNone(count);
    },
  };
}
