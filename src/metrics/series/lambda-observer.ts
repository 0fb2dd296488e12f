/**
 * Turns engine events into the `AWS/Lambda` metrics, with the dimension sets AWS publishes them under:
 * none (the account in the region), FunctionName, FunctionName+Resource (the name with the alias or
 * version the caller named), and for a published version FunctionName+Resource+ExecutedVersion.
 */
import type { EngineObserver, ObservedFunction } from '../../engine/observer.js';
import type { Dimension, MetricSeriesStore } from './store.js';

export const LAMBDA_NAMESPACE = 'AWS/Lambda';

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

export function lambdaMetricsObserver(store: MetricSeriesStore): EngineObserver {
  /** In-flight invocations per account/region and per function version: ConcurrentExecutions. */
  const inFlight = new Map<string, number>();
  const step = (key: string, by: number): number => {
    const next = (inFlight.get(key) ?? 0) + by;
    if (next <= 0) inFlight.delete(key);
    else inFlight.set(key, next);
    return next;
  };
  const record = (fn: ObservedFunction, metricName: string, unit: string, value: number, sets: Dimension[][]): void => {
    const scope = { accountId: fn.accountId, region: fn.region };
    for (const dimensions of sets) store.record(scope, { namespace: LAMBDA_NAMESPACE, metricName, dimensions }, unit, value);
  };
  const concurrencyKeys = (fn: ObservedFunction, qualifier: string | undefined) => [
    // Apart by kind: an unqualified invoke's Resource is the bare function name.
    `${fn.accountId}/${fn.region}`, `${fn.accountId}/${fn.region}/name/${fn.functionName}`,
    `${fn.accountId}/${fn.region}/resource/${resourceOf(fn, qualifier)}`,
  ];
  return {
    invocationStarted({ fn, qualifier }) {
      const [all, byName, byResource] = concurrencyKeys(fn, qualifier).map((key) => step(key, 1)) as [number, number, number];
      const [none, name, resource] = dimensionSets(fn, qualifier) as [Dimension[], Dimension[], Dimension[]];
      record(fn, 'ConcurrentExecutions', 'Count', all, [none]);
      record(fn, 'ConcurrentExecutions', 'Count', byName, [name]);
      record(fn, 'ConcurrentExecutions', 'Count', byResource, [resource]);
    },
    invocationEnded({ fn, qualifier, outcome, durationMs }) {
      for (const key of concurrencyKeys(fn, qualifier)) step(key, -1);
      const sets = dimensionSets(fn, qualifier);
      record(fn, 'Invocations', 'Count', 1, sets);
      record(fn, 'Errors', 'Count', outcome === 'success' ? 0 : 1, sets);
      record(fn, 'Throttles', 'Count', 0, sets);
      record(fn, 'Duration', 'Milliseconds', durationMs, sets);
    },
    throttled({ fn, qualifier }) {
      record(fn, 'Throttles', 'Count', 1, dimensionSets(fn, qualifier));
    },
  };
}
