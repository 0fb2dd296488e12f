/** One minute of one metric series: what every CloudWatch statistic of that minute is computed from. */

/** Samples kept per minute for percentiles; past this a reservoir keeps a fair sample, so memory stays bounded. */
export const SAMPLES_PER_MINUTE = 1000;

export class MinuteBucket {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  readonly samples: number[] = [];

  add(value: number): void {
    this.count += 1;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.samples.length < SAMPLES_PER_MINUTE) this.samples.push(value);
    else {
      const slot = Math.floor(Math.random() * this.count);
      if (slot < SAMPLES_PER_MINUTE) this.samples[slot] = value;
    }
  }
}

/** The statistics of a period: the minutes in it, merged. */
export interface PeriodStatistics {
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
  /** Sorted ascending. */
  samples: number[];
}

export function mergeBuckets(buckets: readonly MinuteBucket[]): PeriodStatistics | undefined {
  if (buckets.length === 0) return undefined;
  let sampleCount = 0, sum = 0, minimum = Infinity, maximum = -Infinity;
  const samples: number[] = [];
  for (const b of buckets) {
    sampleCount += b.count;
    sum += b.sum;
    minimum = Math.min(minimum, b.min);
    maximum = Math.max(maximum, b.max);
    samples.push(...b.samples);
  }
  samples.sort((a, b) => a - b);
  return { sampleCount, sum, minimum, maximum, samples };
}

/** Nearest-rank percentile: the smallest kept value with at least `p` percent of the values at or below it. */
export function percentile(stats: PeriodStatistics, p: number): number {
  const { samples } = stats;
  if (p <= 0) return stats.minimum;
  if (p >= 100) return stats.maximum;
  const rank = Math.max(1, Math.ceil((p / 100) * samples.length));
  return samples[rank - 1]!;
}
