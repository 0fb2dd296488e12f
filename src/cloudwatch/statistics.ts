/** The statistics CloudWatch computes over a period: the five standard ones and percentiles (`p99`, `p99.9`). */
import { percentile, type PeriodStatistics } from '../metrics/series/index.js';

export const STANDARD_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const;
export type StandardStatistic = (typeof STANDARD_STATISTICS)[number];

const PERCENTILE = /^p(\d{1,2}(?:\.\d{1,10})?|100(?:\.0{1,10})?)$/;

export function isStandardStatistic(name: string): name is StandardStatistic {
  return (STANDARD_STATISTICS as readonly string[]).includes(name);
}

export function isPercentile(name: string): boolean {
  return PERCENTILE.test(name);
}

export function isStatistic(name: string): boolean {
  return isStandardStatistic(name) || isPercentile(name);
}

/** The value of one statistic; the name was checked with `isStatistic`. */
export function statisticValue(stats: PeriodStatistics, name: string): number {
  switch (name) {
    case 'SampleCount': return stats.sampleCount;
    case 'Average': return stats.sum / stats.sampleCount;
    case 'Sum': return stats.sum;
    case 'Minimum': return stats.minimum;
    case 'Maximum': return stats.maximum;
    default: return percentile(stats, Number(name.slice(1)));
  }
}
