/**
 * Per-minute series of metric values, per account and region, kept for the last 15 days at most: a
 * minute older than that is dropped as new minutes arrive, so memory is bounded by the series alive.
 */
import { MinuteBucket, mergeBuckets, type PeriodStatistics } from './bucket.js';

export const RETENTION_MS = 15 * 24 * 60 * 60 * 1000;
export const MINUTE_MS = 60_000;

export interface Dimension { name: string; value: string }

export interface MetricId {
  namespace: string;
  metricName: string;
  /** Sorted by name. */
  dimensions: readonly Dimension[];
}

export interface SeriesScope { accountId: string; region: string }

interface Series {
  id: MetricId;
  unit: string;
  /** Minute start (ms) → bucket, in insertion order, which is time order. */
  minutes: Map<number, MinuteBucket>;
}

function sortDimensions(dimensions: readonly Dimension[]): Dimension[] {
  return [...dimensions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function seriesKey(scope: SeriesScope, id: MetricId): string {
  return JSON.stringify([scope.accountId, scope.region, id.namespace, id.metricName, id.dimensions.map((d) => [d.name, d.value])]);
}

function scopeKey(scope: SeriesScope): string {
  return `${scope.accountId}/${scope.region}`;
}

export class MetricSeriesStore {
  /** Scope → series key → series. */
  private readonly scopes = new Map<string, Map<string, Series>>();

  constructor(private readonly now: () => number = Date.now) {}

  record(scope: SeriesScope, id: MetricId, unit: string, value: number, at = this.now()): void {
    const dimensions = sortDimensions(id.dimensions);
    const normalised = { ...id, dimensions };
    let inScope = this.scopes.get(scopeKey(scope));
    if (!inScope) this.scopes.set(scopeKey(scope), (inScope = new Map()));
    const key = seriesKey(scope, normalised);
    let series = inScope.get(key);
    if (!series) inScope.set(key, (series = { id: normalised, unit, minutes: new Map() }));
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    let bucket = series.minutes.get(minute);
    if (!bucket) {
      series.minutes.set(minute, (bucket = new MinuteBucket()));
      this.prune(series, at);
    }
    bucket.add(value);
  }

  /** The series of a scope with data in the retention window, optionally only since `activeSince`. */
  list(scope: SeriesScope, activeSince = this.now() - RETENTION_MS): { id: MetricId; unit: string }[] {
    const out: { id: MetricId; unit: string }[] = [];
    const inScope = this.scopes.get(scopeKey(scope));
    for (const [key, series] of inScope ?? []) {
      this.prune(series, this.now());
      // A series with nothing left in the window (a deleted function's) is forgotten.
      if (series.minutes.size === 0) {
        inScope!.delete(key);
        continue;
      }
      let latest = -Infinity;
      for (const minute of series.minutes.keys()) latest = minute;
      if (latest + MINUTE_MS > activeSince) out.push({ id: series.id, unit: series.unit });
    }
    return out;
  }

  /**
   * The statistics of each period [start + k·period, start + (k+1)·period) before `end` that has data;
   * an exact dimension set names one series.
   */
  periods(scope: SeriesScope, id: MetricId, start: number, end: number, periodMs: number): { unit: string; periods: { start: number; stats: PeriodStatistics }[] } | undefined {
    const series = this.scopes.get(scopeKey(scope))?.get(seriesKey(scope, { ...id, dimensions: sortDimensions(id.dimensions) }));
    if (!series) return undefined;
    const grouped = new Map<number, MinuteBucket[]>();
    for (const [minute, bucket] of series.minutes) {
      if (minute < start || minute >= end) continue;
      const periodStart = start + Math.floor((minute - start) / periodMs) * periodMs;
      let list = grouped.get(periodStart);
      if (!list) grouped.set(periodStart, (list = []));
      list.push(bucket);
    }
    const periods = [...grouped].sort((a, b) => a[0] - b[0]).map(([periodStart, buckets]) => ({ start: periodStart, stats: mergeBuckets(buckets)! }));
    return { unit: series.unit, periods };
  }

  private prune(series: Series, now: number): void {
    const oldest = now - RETENTION_MS;
    for (const minute of series.minutes.keys()) {
      if (minute >= oldest) break;
      series.minutes.delete(minute);
    }
  }
}
