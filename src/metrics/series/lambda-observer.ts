/**
 * Turns engine events into the `AWS/Lambda` metrics, with the dimension sets AWS publishes them under:
 * none (the account in the region), FunctionName, FunctionName+Resource, and for a published version
 * FunctionName+Resource+ExecutedVersion.
 */
import type { EngineObserver, ObservedFunction } from '../../engine/observer.js';
import type { Dimension, MetricSeriesStore } from './store.js';

export const LAMBDA_NAMESPACE = 'AWS/Lambda';

function dimensionSets(fn: ObservedFunction): Dimension[][] {
  const published = fn.version !== '$LATEST';
  const name = { name: 'FunctionName', value: fn.functionName };
  const resource = { name: 'Resource', value: published ? `${fn.functionName}:${fn.version}` : fn.functionName };
  const sets: Dimension[][] = [[], [name], [name, resource]];
  if (published) sets.push([name, resource, { name: 'ExecutedVersion', value: fn.version }]);
  return sets;
}

export function lambdaMetricsObserver(store: MetricSeriesStore): EngineObserver {
  /** In-flight invocations per account/region and per function version: ConcurrentExecutions. */
  const inFlight = new Map<string, number>();
  const step = (key: string, by: number): number => {
    const next = (inFlight.get(key) ?? 0) + by;
    if (next <= 0) inFlight.delete(key);
    else inFlight.set(key, next);
    return next;
  };
  const record = (fn: ObservedFunction, metricName: string, unit: string, value: number, sets = dimensionSets(fn)): void => {
    const scope = { accountId: fn.accountId, region: fn.region };
    for (const dimensions of sets) store.record(scope, { namespace: LAMBDA_NAMESPACE, metricName, dimensions }, unit, value);
  };
  const concurrencyKeys = (fn: ObservedFunction) => [
    `${fn.accountId}/${fn.region}`, `${fn.accountId}/${fn.region}/${fn.functionName}`, `${fn.accountId}/${fn.region}/${fn.functionName}:${fn.version}`,
  ];
  return {
    invocationStarted({ fn }) {
      const [all, byName, byResource] = concurrencyKeys(fn).map((key) => step(key, 1)) as [number, number, number];
      const [none, name, resource] = dimensionSets(fn) as [Dimension[], Dimension[], Dimension[]];
      record(fn, 'ConcurrentExecutions', 'Count', all, [none]);
      record(fn, 'ConcurrentExecutions', 'Count', byName, [name]);
      record(fn, 'ConcurrentExecutions', 'Count', byResource, [resource]);
    },
    invocationEnded({ fn, outcome, durationMs }) {
      for (const key of concurrencyKeys(fn)) step(key, -1);
      record(fn, 'Invocations', 'Count', 1);
      record(fn, 'Errors', 'Count', outcome === 'success' ? 0 : 1);
      record(fn, 'Throttles', 'Count', 0);
      record(fn, 'Duration', 'Milliseconds', durationMs);
    },
    throttled({ fn }) {
      record(fn, 'Throttles', 'Count', 1);
    },
  };
}
