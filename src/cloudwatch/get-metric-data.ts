/** GetMetricData: several metrics at once, one statistic each, as parallel timestamp and value lists. */
import type { MetricSeriesStore, SeriesScope } from '../metrics/series/index.js';
import { validationError } from './errors.js';
import { members, optionalBoolean, optionalInteger, optionalList, optionalString, requiredTimestamp, type Members } from './input.js';
import { periodsOf, readDimensions, validPeriod, type MetricName } from './metric-query.js';
import { isStatistic, statisticValue } from './statistics.js';

/** AWS's limits: 500 queries a call, 100,800 datapoints a call. */
export const MAX_QUERIES = 500;
export const MAX_DATAPOINTS = 100_800;
const METRIC_ID = /^[a-z][a-zA-Z0-9_]*$/;

export interface MetricDataResult {
  Id: string;
  Label: string;
  Timestamps: Date[];
  Values: number[];
  StatusCode: 'Complete' | 'InternalError';
  /** Only when there is something to say: AWS leaves an empty list out of each result. */
  Messages?: { Code: string; Value: string }[];
}

export interface GetMetricDataOutput {
  MetricDataResults: MetricDataResult[];
  Messages: { Code: string; Value: string }[];
}

interface StatQuery {
  id: string;
  label?: string;
  returnData: boolean;
  metric: MetricName;
  period: number;
  stat: string;
  unit?: string;
}

/** AWS checks every query and reports all the problems at once, one per line. */
function readQueries(input: Members): StatQuery[] {
  const raw = optionalList(input, 'MetricDataQueries');
  if (raw.length === 0) throw validationError('The parameter MetricDataQueries is required.');
  if (raw.length > MAX_QUERIES) throw validationError(`The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  const problems: string[] = [];
  const queries: StatQuery[] = [];
  raw.forEach((item, i) => {
    const at = `MetricDataQueries.member.${i + 1}`;
    const q = members(item, at);
    const id = optionalString(q, 'Id', `${at}.Id`);
    if (id === undefined) { problems.push(`The parameter ${at}.Id is required.`); return; }
    if (!METRIC_ID.test(id)) problems.push(`The value ${id} for parameter ${at}.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.`);
    if (q.Expression !== undefined) { problems.push(`The parameter ${at}.Expression is not supported by this endpoint: only MetricStat queries are.`); return; }
    if (q.MetricStat === undefined) { problems.push(`The parameter ${at}.MetricStat is required.`); return; }
    const stat = members(q.MetricStat, `${at}.MetricStat`);
    const metric = members(stat.Metric, `${at}.MetricStat.Metric`);
    const namespace = optionalString(metric, 'Namespace', `${at}.MetricStat.Metric.Namespace`);
    const metricName = optionalString(metric, 'MetricName', `${at}.MetricStat.Metric.MetricName`);
    const statName = optionalString(stat, 'Stat', `${at}.MetricStat.Stat`);
    const period = optionalInteger(stat, 'Period', `${at}.MetricStat.Period`);
    if (namespace === undefined) problems.push(`The parameter ${at}.MetricStat.Metric.Namespace is required.`);
    if (metricName === undefined) problems.push(`The parameter ${at}.MetricStat.Metric.MetricName is required.`);
    if (statName === undefined) problems.push(`The parameter ${at}.MetricStat.Stat is required.`);
    else if (!isStatistic(statName)) problems.push(`The value ${statName} for parameter ${at}.MetricStat.Stat is not a valid statistic.`);
    if (period === undefined) problems.push(`The parameter ${at}.MetricStat.Period is required.`);
    else if (!validPeriod(period)) problems.push(`The parameter ${at}.MetricStat.Period must be 1, 5, 10, 30 or a multiple of 60.`);
    if (namespace === undefined || metricName === undefined || statName === undefined || period === undefined) return;
    const label = optionalString(q, 'Label', `${at}.Label`);
    const unit = optionalString(stat, 'Unit', `${at}.MetricStat.Unit`);
    queries.push({
      id, returnData: optionalBoolean(q, 'ReturnData', `${at}.ReturnData`) ?? true,
      metric: { namespace, metricName, dimensions: readDimensions(metric, `${at}.MetricStat.Metric.`) },
      period, stat: statName,
      ...(label !== undefined ? { label } : {}), ...(unit !== undefined ? { unit } : {}),
    });
  });
  const ids = new Set<string>();
  for (const q of queries) {
    if (ids.has(q.id)) problems.push(`The value ${q.id} for parameter MetricDataQueries.member.Id is duplicated.`);
    ids.add(q.id);
  }
  if (problems.length > 0) throw validationError(problems.join('\n'));
  return queries;
}

export function getMetricData(series: MetricSeriesStore, scope: SeriesScope, input: Members): GetMetricDataOutput {
  const queries = readQueries(input);
  const start = requiredTimestamp(input, 'StartTime');
  const end = requiredTimestamp(input, 'EndTime');
  if (start === end) throw validationError('The parameter StartTime must not equal parameter EndTime.');
  if (start > end) throw validationError('The parameter StartTime must be less than the parameter EndTime.');
  const scanBy = optionalString(input, 'ScanBy') ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw validationError(`1 validation error detected: Value '${scanBy}' at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set: [TimestampDescending, TimestampAscending]`);
  }
  const requested = queries.reduce((n, q) => n + Math.ceil((end - start) / (q.period * 1000)), 0);
  if (requested > MAX_DATAPOINTS) {
    throw validationError(`You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}.`);
  }
  const results = queries.filter((q) => q.returnData).map((q): MetricDataResult => {
    const periods = periodsOf(series, scope, q.metric, start, end, q.period, q.unit);
    if (scanBy === 'TimestampDescending') periods.reverse();
    return {
      Id: q.id,
      Label: q.label ?? q.metric.metricName,
      Timestamps: periods.map((p) => new Date(p.start)),
      Values: periods.map((p) => statisticValue(p.stats, q.stat)),
      StatusCode: 'Complete',
    };
  });
  return { MetricDataResults: results, Messages: [] };
}
