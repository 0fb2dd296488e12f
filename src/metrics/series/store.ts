/**
 * Per-minute series of metric values, per account and region, kept for the last 15 days at most: a
 * minute older than that is dropped as new minutes arrive, so memory is bounded by the series alive.
 */
import { mergeBuckets, type MinuteBucket, type PeriodStatistics } from './bucket.js';
import { MINUTE_MS, RETENTION_MS, Series, type Dimension, type MetricId } from './series.js';

export { RETENTION_MS, MINUTE_MS, type Dimension, type MetricId } from './series.js';

export interface SeriesScope { accountId: string; region: string }

function sortDimensions(dimensions: readonly Dimension[]): Dimension[] {
  return [...dimensions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function seriesKey(scope: SeriesScope, id: MetricId): string {
  return JSON.stringify([scope.accountId, scope.region, id.namespace, id.metricName, id.dimensions.map((d) => [d.name, d.value])]);
}

function scopeKey(scope: SeriesScope): string {
  return `${scope.accountId}/${scope.region}`;
}

/** One series, looked up once: recording to it is a bucket update, with no key to build. */
export class SeriesHandle {
  private series: Series;

  constructor(private readonly store: MetricSeriesStore, private readonly scope: SeriesScope, private readonly key: string, id: MetricId, unit: string) {
    this.series = store.resolve(scope, key, id, unit);
  }

  record(value: number, at = this.store.now()): void {
    // A series the store forgot (nothing left in its window) is not written to unseen: it is made anew.
    if (this.series.forgotten) this.series = this.store.resolve(this.scope, this.key, this.series.id, this.series.unit);
    this.series.add(value, at);
  }
}

export class MetricSeriesStore {
  /** Scope → series key → series. */
  private readonly scopes = new Map<string, Map<string, Series>>();

  constructor(readonly now: () => number = Date.now) {}

  record(scope: SeriesScope, id: MetricId, unit: string, value: number, at = this.now()): void {
    this.handle(scope, id, unit).record(value, at);
  }

  /** A handle on a series, for a caller that records to it often. */
  handle(scope: SeriesScope, id: MetricId, unit: string): SeriesHandle {
    const normalised = { ...id, dimensions: sortDimensions(id.dimensions) };
    return new SeriesHandle(this, scope, seriesKey(scope, normalised), normalised, unit);
  }

  /** The series under a key, made with `id` and `unit` when there is none. */
  resolve(scope: SeriesScope, key: string, id: MetricId, unit: string): Series {
    let inScope = this.scopes.get(scopeKey(scope));
    if (!inScope) this.scopes.set(scopeKey(scope), (inScope = new Map()));
    let series = inScope.get(key);
    if (!series) inScope.set(key, (series = new Series(id, unit)));
    return series;
  }

  /** The series of a scope with data in the retention window, optionally only since `activeSince`. */
  list(scope: SeriesScope, activeSince = this.now() - RETENTION_MS): { id: MetricId; unit: string }[] {
    const out: { id: MetricId; unit: string }[] = [];
    const inScope = this.scopes.get(scopeKey(scope));
    for (const [key, series] of inScope ?? []) {
      series.prune(this.now());
      // A series with nothing left in the window (a deleted function's) is forgotten.
      if (series.minutes.size === 0) {
        inScope!.delete(key);
        series.forgotten = true;
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
}
