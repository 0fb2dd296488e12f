/** GetMetricStatistics: the statistics of one metric, period by period. */
import type { MetricSeriesStore, SeriesScope } from '../metrics/series/index.js';
import { invalidParameterCombination, invalidParameterValue } from './errors.js';
import { optionalList, optionalString, requiredInteger, requiredString, requiredTimestamp, type Members } from './input.js';
import { checkPeriod, periodsOf, readDimensions, unitOf } from './metric-query.js';
import { STANDARD_STATISTICS, isPercentile, isStandardStatistic, statisticValue } from './statistics.js';

export const MAX_DATAPOINTS = 1440;

export interface Datapoint {
  Timestamp: Date;
  SampleCount?: number;
  Average?: number;
  Sum?: number;
  Minimum?: number;
  Maximum?: number;
  Unit: string;
  ExtendedStatistics?: Record<string, number>;
}

export interface GetMetricStatisticsOutput {
  Label: string;
  Datapoints: Datapoint[];
}

function readStatistics(input: Members): { standard: string[]; extended: string[] } {
  const named = optionalList(input, 'Statistics').map((s, i) => {
    if (typeof s !== 'string' || !isStandardStatistic(s)) {
      throw invalidParameterValue(`The parameter Statistics.member.${i + 1} must be a value in the set [ ${STANDARD_STATISTICS.join(', ')} ].`);
    }
    return s;
  });
  const standard = STANDARD_STATISTICS.filter((name) => named.includes(name));
  const extended = optionalList(input, 'ExtendedStatistics').map((s, i) => {
    if (typeof s !== 'string' || !isPercentile(s)) {
      throw invalidParameterValue(`The value ${String(s)} for parameter ExtendedStatistics.member.${i + 1} is not a valid percentile statistic.`);
    }
    return s;
  });
  if (standard.length === 0 && extended.length === 0) {
    throw invalidParameterCombination('At least one of the parameters Statistics and ExtendedStatistics must be specified.');
  }
  return { standard, extended };
}

export function getMetricStatistics(series: MetricSeriesStore, scope: SeriesScope, input: Members): GetMetricStatisticsOutput {
  const metric = {
    namespace: requiredString(input, 'Namespace'),
    metricName: requiredString(input, 'MetricName'),
    dimensions: readDimensions(input, ''),
  };
  const start = requiredTimestamp(input, 'StartTime');
  const end = requiredTimestamp(input, 'EndTime');
  const period = requiredInteger(input, 'Period');
  const unit = optionalString(input, 'Unit');
  checkPeriod(period, 'Period');
  if (start >= end) throw invalidParameterValue('The parameter StartTime must be less than the parameter EndTime.');
  const { standard, extended } = readStatistics(input);
  const requested = Math.ceil((end - start) / (period * 1000));
  if (requested > MAX_DATAPOINTS) {
    throw invalidParameterCombination(
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}. ` +
        'You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
    );
  }
  const seriesUnit = unitOf(series, scope, metric);
  const datapoints = periodsOf(series, scope, metric, start, end, period, unit).map(({ start: at, stats }) => {
    const values = Object.fromEntries(standard.map((name) => [name, statisticValue(stats, name)]));
    // In the model's member order, which the query protocol's XML keeps.
    const point: Datapoint = { Timestamp: new Date(at), ...values, Unit: seriesUnit ?? 'None' };
    if (extended.length > 0) point.ExtendedStatistics = Object.fromEntries(extended.map((p) => [p, statisticValue(stats, p)]));
    return point;
  });
  return { Label: metric.metricName, Datapoints: datapoints };
}
