/**
 * Turns engine events into the `AWS/Lambda` metrics, with the dimension sets AWS publishes them under:
 * none (the account in the region), FunctionName, FunctionName+Resource (the name with the alias or
 * version the caller named), and for a published version FunctionName+Resource+ExecutedVersion.
 */
import type { EngineObserver, ObservedFunction } from '../../engine/observer.js';
import type { Dimension, MetricSeriesStore, SeriesHandle } from './store.js';

export const LAMBDA_NAMESPACE = 'AWS/Lambda';
/** In-flight counters at zero kept before they are swept. */
const IDLE_KEYS_KEPT = 1000;

function resourceOf(fn: ObservedFunction, qualifier: string | undefined): string {
  if (qualifier !== undefined) return `${fn.functionName}:${qualifier}`;
  return fn.version === '$LATEST' ? fn.functionName : `${fn.functionName}:${fn.version}`;
}

function dimensionSets(fn: ObservedFunction, qualifier: string | undefined): Dimension[][] {
  const name = { name: 'FunctionName', value: fn.functionName };
  const resource = { name: 'Resource', value: resourceOf(fn, qualifier) };
  const sets: Dimension[][] = [[], [name], [name, resource]];
  if (fn.version !== '$LATEST') sets.push([name, resource, { name: 'ExecutedVersion', value: fn.version }]);
  return sets;
}

/** Everything one function version invoked as one qualifier records to, looked up once. */
interface InvokedAs {
  /** In-flight keys: the account in the region, the function name, the resource. */
  inFlightKeys: readonly [string, string, string];
  /** ConcurrentExecutions under no dimension, FunctionName, FunctionName+Resource. */
  concurrency: readonly [SeriesHandle, SeriesHandle, SeriesHandle];
  /** Each under every dimension set. */
  invocations: readonly SeriesHandle[];
  errors: readonly SeriesHandle[];
  throttles: readonly SeriesHandle[];
  duration: readonly SeriesHandle[];
}

function invokedAs(store: MetricSeriesStore, fn: ObservedFunction, qualifier: string | undefined): InvokedAs {
  const scope = { accountId: fn.accountId, region: fn.region };
  const sets = dimensionSets(fn, qualifier);
  const handles = (metricName: string, unit: string, of: Dimension[][]) =>
    of.map((dimensions) => store.handle(scope, { namespace: LAMBDA_NAMESPACE, metricName, dimensions }, unit));
  const region = `${fn.accountId}/${fn.region}`;
  return {
    // Apart by kind: an unqualified invoke's Resource is the bare function name.
    inFlightKeys: [region, `${region}/name/${fn.functionName}`, `${region}/resource/${resourceOf(fn, qualifier)}`],
    concurrency: handles('ConcurrentExecutions', 'Count', sets.slice(0, 3)) as [SeriesHandle, SeriesHandle, SeriesHandle],
    invocations: handles('Invocations', 'Count', sets),
    errors: handles('Errors', 'Count', sets),
    throttles: handles('Throttles', 'Count', sets),
    duration: handles('Duration', 'Milliseconds', sets),
  };
}

function recordAll(handles: readonly SeriesHandle[], value: number, at: number): void {
  for (let i = 0; i < handles.length; i++) handles[i]!.record(value, at);
}

export function lambdaMetricsObserver(store: MetricSeriesStore): EngineObserver {
  /**
   * In-flight invocations per account/region, function name and resource: ConcurrentExecutions. A key
   * back at zero stays (sequential invokes would add and delete it every time) until there are many.
   */
  const inFlight = new Map<string, number>();
  let sweepPast = IDLE_KEYS_KEPT;
  const step = (key: string, by: number): number => {
    const next = Math.max(0, (inFlight.get(key) ?? 0) + by);
    inFlight.set(key, next);
    if (next === 0 && inFlight.size > sweepPast) {
      for (const [k, n] of inFlight) if (n === 0) inFlight.delete(k);
      // Many keys busy at once: sweep again only once as many more have come.
      sweepPast = Math.max(IDLE_KEYS_KEPT, 2 * inFlight.size);
    }
    return next;
  };
  /** By function version (the engine hands out one object each, so this forgets what it no longer runs), then qualifier. */
  const known = new WeakMap<ObservedFunction, Map<string | undefined, InvokedAs>>();
  const recordsOf = (fn: ObservedFunction, qualifier: string | undefined): InvokedAs => {
    let byQualifier = known.get(fn);
    if (!byQualifier) known.set(fn, (byQualifier = new Map()));
    let found = byQualifier.get(qualifier);
    if (!found) byQualifier.set(qualifier, (found = invokedAs(store, fn, qualifier)));
    return found;
  };
  return {
    invocationStarted({ fn, qualifier }) {
      const { inFlightKeys, concurrency } = recordsOf(fn, qualifier);
      const at = store.now();
      for (let i = 0; i < 3; i++) concurrency[i]!.record(step(inFlightKeys[i]!, 1), at);
    },
    invocationEnded({ fn, qualifier, outcome, durationMs }) {
      const records = recordsOf(fn, qualifier);
      for (const key of records.inFlightKeys) step(key, -1);
      const at = store.now();
      recordAll(records.invocations, 1, at);
      recordAll(records.errors, outcome === 'success' ? 0 : 1, at);
      recordAll(records.throttles, 0, at);
      recordAll(records.duration, durationMs, at);
    },
    throttled({ fn, qualifier }) {
      recordAll(recordsOf(fn, qualifier).throttles, 1, store.now());
    },
  };
}
