// The last hour of the function's CloudWatch metrics (AWS/Lambda, per minute), from GetMetricData.
import { getMetricData } from '../aws.js';
import { lineChart } from '../charts.js';
import { clear, errorBox, h } from '../dom.js';

const CHARTS = [
  ['invocations', 'Invocations', 'Invocations', 'Sum', ''],
  ['errors', 'Errors', 'Errors', 'Sum', ''],
  ['throttles', 'Throttles', 'Throttles', 'Sum', ''],
  ['p50', 'Duration p50', 'Duration', 'p50', ' ms'],
  ['p99', 'Duration p99', 'Duration', 'p99', ' ms'],
  ['concurrency', 'Concurrent executions', 'ConcurrentExecutions', 'Maximum', ''],
];
const HOUR_MS = 3600_000;
const REFRESH_MS = 30_000;

export function monitorTab(name) {
  const grid = h('div.charts#charts', {}, h('p.loading', {}, 'Loading metrics…'));
  const element = h('div.monitor', {}, h('div.bar', {}, h('button', { type: 'button', onclick: () => load() }, 'Refresh'),
    h('span.status', {}, 'Last hour, one point a minute')), grid);

  async function load() {
    const to = Date.now();
    const from = to - HOUR_MS;
    try {
      const out = await getMetricData({
        StartTime: Math.floor(from / 1000), EndTime: Math.ceil(to / 1000), ScanBy: 'TimestampAscending',
        MetricDataQueries: CHARTS.map(([id, , metric, stat]) => ({
          Id: id, ReturnData: true,
          MetricStat: {
            Metric: { Namespace: 'AWS/Lambda', MetricName: metric, Dimensions: [{ Name: 'FunctionName', Value: name }] },
            Period: 60, Stat: stat,
          },
        })),
      });
      const byId = new Map((out.MetricDataResults ?? []).map((r) => [r.Id, r]));
      clear(grid, CHARTS.map(([id, title, , , unit]) => {
        const r = byId.get(id) ?? { Timestamps: [], Values: [] };
        const points = (r.Timestamps ?? []).map((t, i) => ({ t: typeof t === 'number' ? t * 1000 : Date.parse(t), v: r.Values[i] }))
          .sort((a, b) => a.t - b.t);
        return h('figure.chart-card', { id: `chart-${id}` }, h('figcaption', {}, title), lineChart({ title, unit, points, from, to }));
      }));
    } catch (err) {
      clear(grid, errorBox(err));
    }
  }

  load();
  const timer = setInterval(load, REFRESH_MS);
  return { element, leave: () => clearInterval(timer) };
}
