/** The CloudWatch operations Lambkin answers, over the metric series of the caller's account and region. */
import type { MetricSeriesStore, SeriesScope } from '../metrics/series/index.js';
import { getMetricData } from './get-metric-data.js';
import { getMetricStatistics } from './get-metric-statistics.js';
import type { Members } from './input.js';
import { listMetrics } from './list-metrics.js';

export interface CloudWatchDeps {
  series: MetricSeriesStore;
  now?: () => number;
}

export type Operation = (deps: CloudWatchDeps, scope: SeriesScope, input: Members) => object;

export const OPERATIONS: Readonly<Record<string, Operation>> = {
  GetMetricData: ({ series }, scope, input) => getMetricData(series, scope, input),
  GetMetricStatistics: ({ series }, scope, input) => getMetricStatistics(series, scope, input),
  ListMetrics: ({ series, now = Date.now }, scope, input) => listMetrics(series, scope, input, now()),
};

export function operationNamed(name: string): Operation | undefined {
  return Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
}
