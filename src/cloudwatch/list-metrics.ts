/** ListMetrics: the metrics with data in the last two weeks (or three hours), filtered by name and dimensions. */
import type { MetricSeriesStore, SeriesScope } from '../metrics/series/index.js';
import { invalidParameterValue } from './errors.js';
import { members, optionalList, optionalString, requiredString, type Members } from './input.js';

export const PAGE_SIZE = 500;
const THREE_HOURS_MS = 3 * 60 * 60 * 1000;

export interface ListedMetric {
  Namespace: string;
  MetricName: string;
  Dimensions: { Name: string; Value: string }[];
}

export interface ListMetricsOutput {
  Metrics: ListedMetric[];
  NextToken?: string;
}

function readToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const at = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (!at) throw invalidParameterValue('Request parameter NextToken is invalid');
  return Number(at[1]);
}

const writeToken = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

export function listMetrics(series: MetricSeriesStore, scope: SeriesScope, input: Members, now: number): ListMetricsOutput {
  const namespace = optionalString(input, 'Namespace');
  const metricName = optionalString(input, 'MetricName');
  const filters = optionalList(input, 'Dimensions').map((item, i) => {
    const at = `Dimensions.member.${i + 1}.`;
    const f = members(item, at);
    return { name: requiredString(f, 'Name', `${at}Name`), value: optionalString(f, 'Value', `${at}Value`) };
  });
  const recentlyActive = optionalString(input, 'RecentlyActive');
  if (recentlyActive !== undefined && recentlyActive !== 'PT3H') {
    throw invalidParameterValue(`The parameter RecentlyActive must be a value in the set [ PT3H ].`);
  }
  const offset = readToken(optionalString(input, 'NextToken'));
  const matching = series.list(scope, recentlyActive ? now - THREE_HOURS_MS : undefined)
    .filter(({ id }) => (namespace === undefined || id.namespace === namespace) && (metricName === undefined || id.metricName === metricName))
    .filter(({ id }) => filters.every((f) => id.dimensions.some((d) => d.name === f.name && (f.value === undefined || d.value === f.value))))
    .map(({ id }): ListedMetric => ({
      Namespace: id.namespace, MetricName: id.metricName, Dimensions: id.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
    }));
  const page = matching.slice(offset, offset + PAGE_SIZE);
  return offset + PAGE_SIZE < matching.length ? { Metrics: page, NextToken: writeToken(offset + PAGE_SIZE) } : { Metrics: page };
}
