/** What GetMetricStatistics and GetMetricData share: a metric named by its dimensions, a time range and a period. */
import { MINUTE_MS, type Dimension, type MetricSeriesStore, type PeriodStatistics, type SeriesScope } from '../metrics/series/index.js';
import { invalidParameterValue } from './errors.js';
import { members, optionalList, requiredString, type Members } from './input.js';

export interface MetricName {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

export function readDimensions(input: Members, path: string): Dimension[] {
  return optionalList(input, 'Dimensions', `${path}Dimensions`).map((item, i) => {
    const at = `${path}Dimensions.member.${i + 1}.`;
    const d = members(item, at);
    return { name: requiredString(d, 'Name', `${at}Name`), value: requiredString(d, 'Value', `${at}Value`) };
  });
}

/** High-resolution periods, and any whole number of minutes. */
export function validPeriod(period: number): boolean {
  return period > 0 && (period % 60 === 0 || [1, 5, 10, 30].includes(period));
}

export function checkPeriod(period: number, path: string): void {
  if (!validPeriod(period)) throw invalidParameterValue(`The parameter ${path} must be a multiple of 60.`);
}

/** Data newer than 15 days is aligned to the minute: 12:32:34 starts at 12:32:00. */
export function alignedStart(start: number): number {
  return Math.floor(start / MINUTE_MS) * MINUTE_MS;
}

export interface PeriodOf { start: number; stats: PeriodStatistics }

/** The periods of a metric with data; none for a metric (or a namespace) nothing was recorded under. */
export function periodsOf(
  series: MetricSeriesStore, scope: SeriesScope, metric: MetricName, start: number, end: number, periodSeconds: number, unit?: string,
): PeriodOf[] {
  const found = series.periods(scope, metric, alignedStart(start), end, periodSeconds * 1000);
  if (!found || (unit !== undefined && unit !== found.unit)) return [];
  return found.periods;
}

export function unitOf(series: MetricSeriesStore, scope: SeriesScope, metric: MetricName): string | undefined {
  return series.periods(scope, metric, 0, 0, MINUTE_MS)?.unit;
}
