/**
 * One minute of one metric series: what every CloudWatch statistic of that minute is computed from.
 * Percentiles come from the exact values while a minute has few, and from a log-scale histogram (buckets
 * 2% wide) past that, so a busy minute costs a few hundred counters at most, not a sample per invoke.
 */

/** Values kept exactly per minute; past this only the histogram answers percentiles. */
export const EXACT_VALUES_PER_MINUTE = 64;
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
/** Zero and negative values share one bucket, whose value is 0. */
const NON_POSITIVE = -1_000_000;

const bucketOf = (value: number) => (value <= 0 ? NON_POSITIVE : Math.floor(Math.log(value) / LOG_GROWTH));
const valueOfBucket = (key: number) => (key === NON_POSITIVE ? 0 : GROWTH ** (key + 0.5));

export class MinuteBucket {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** Every value, until there are more than EXACT_VALUES_PER_MINUTE. */
  exact: number[] | undefined = [];
  readonly histogram = new Map<number, number>();

  add(value: number): void {
    this.count += 1;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.exact && this.exact.length < EXACT_VALUES_PER_MINUTE) this.exact.push(value);
    else this.exact = undefined;
    const key = bucketOf(value);
    this.histogram.set(key, (this.histogram.get(key) ?? 0) + 1);
  }
}

/** The statistics of a period: the minutes in it, merged. */
export interface PeriodStatistics {
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
  /** Every value, sorted ascending, when every minute kept them. */
  exact: number[] | undefined;
  histogram: Map<number, number>;
}

export function mergeBuckets(buckets: readonly MinuteBucket[]): PeriodStatistics | undefined {
  if (buckets.length === 0) return undefined;
  let sampleCount = 0, sum = 0, minimum = Infinity, maximum = -Infinity;
  let exact: number[] | undefined = [];
  const histogram = new Map<number, number>();
  for (const b of buckets) {
    sampleCount += b.count;
    sum += b.sum;
    minimum = Math.min(minimum, b.min);
    maximum = Math.max(maximum, b.max);
    exact = exact && b.exact ? exact.concat(b.exact) : undefined;
    for (const [key, n] of b.histogram) histogram.set(key, (histogram.get(key) ?? 0) + n);
  }
  exact?.sort((a, b) => a - b);
  return { sampleCount, sum, minimum, maximum, exact, histogram };
}

/** Nearest rank: the smallest value with at least `p` percent of the values at or below it (within 2% past the exact values). */
export function percentile(stats: PeriodStatistics, p: number): number {
  if (p <= 0) return stats.minimum;
  if (p >= 100) return stats.maximum;
  const rank = Math.max(1, Math.ceil((p / 100) * stats.sampleCount));
  if (stats.exact) return stats.exact[rank - 1]!;
  let seen = 0;
  for (const key of [...stats.histogram.keys()].sort((a, b) => a - b)) {
    seen += stats.histogram.get(key)!;
    if (seen >= rank) return Math.min(stats.maximum, Math.max(stats.minimum, valueOfBucket(key)));
  }
  return stats.maximum;
}
