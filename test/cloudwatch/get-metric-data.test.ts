import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { startLambkin, type TestServer } from '../support/server.js';
import { RAN, cloudWatch, dayWindow, runScenario } from './scenario.js';

const server: TestServer = await startLambkin();
await runScenario(server.client());
const cw: CloudWatchClient = cloudWatch(server);
after(() => cw.destroy());

const query = (id: string, metricName: string, stat: string, dimensions: Record<string, string> = {}, period = 86_400): MetricDataQuery => ({
  Id: id,
  MetricStat: {
    Metric: { Namespace: 'AWS/Lambda', MetricName: metricName, Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })) },
    Period: period,
    Stat: stat,
  },
});

describe('GetMetricData (JSON 1.0, @aws-sdk/client-cloudwatch)', () => {
  test('answers each query with the exact sums of the invokes, per dimension set', async () => {
    const { start, end } = dayWindow();
    const out = await cw.send(new GetMetricDataCommand({
      StartTime: start, EndTime: end,
      MetricDataQueries: [
        query('all', 'Invocations', 'Sum'),
        query('latest', 'Invocations', 'Sum', { FunctionName: 'metered', Resource: 'metered' }),
        query('byname', 'Invocations', 'Sum', { FunctionName: 'metered' }),
        query('errors', 'Errors', 'Sum', { FunctionName: 'metered' }),
        query('v1', 'Invocations', 'Sum', { FunctionName: 'metered', Resource: 'metered:1', ExecutedVersion: '1' }),
        query('throttles', 'Throttles', 'Sum', { FunctionName: 'refused' }),
        query('durations', 'Duration', 'SampleCount', { FunctionName: 'metered' }),
        query('concurrency', 'ConcurrentExecutions', 'Maximum', { FunctionName: 'metered' }),
        { ...query('nothing', 'Invocations', 'Sum', { FunctionName: 'never-deployed' }), Label: 'Never' },
        query('other', 'CPUUtilization', 'Average'),
      ],
    }));
    const day = [new Date(start.getTime() + 86_400_000)]; // the middle period holds every invoke
    const total = RAN.latestSuccesses + RAN.latestErrors + RAN.versionOneSuccesses;
    assert.deepEqual(out.MetricDataResults, [
      { Id: 'all', Label: 'Invocations', Timestamps: day, Values: [total], StatusCode: 'Complete' },
      { Id: 'latest', Label: 'Invocations', Timestamps: day, Values: [RAN.latestSuccesses + RAN.latestErrors], StatusCode: 'Complete' },
      { Id: 'byname', Label: 'Invocations', Timestamps: day, Values: [total], StatusCode: 'Complete' },
      { Id: 'errors', Label: 'Errors', Timestamps: day, Values: [RAN.latestErrors], StatusCode: 'Complete' },
      { Id: 'v1', Label: 'Invocations', Timestamps: day, Values: [RAN.versionOneSuccesses], StatusCode: 'Complete' },
      { Id: 'throttles', Label: 'Throttles', Timestamps: day, Values: [RAN.throttles], StatusCode: 'Complete' },
      { Id: 'durations', Label: 'Duration', Timestamps: day, Values: [total], StatusCode: 'Complete' },
      // The scenario invokes one at a time.
      { Id: 'concurrency', Label: 'ConcurrentExecutions', Timestamps: day, Values: [1], StatusCode: 'Complete' },
      { Id: 'nothing', Label: 'Never', Timestamps: [], Values: [], StatusCode: 'Complete' },
      { Id: 'other', Label: 'CPUUtilization', Timestamps: [], Values: [], StatusCode: 'Complete' },
    ]);
    assert.deepEqual(out.Messages, []);
  });

  test('one-minute periods, as the console charts them: minutes sum to the total, newest first unless ScanBy says ascending', async () => {
    const now = Date.now();
    const window = { StartTime: new Date(now - 3_600_000), EndTime: new Date(now + 60_000) };
    const [descending, ascending] = await Promise.all(['TimestampDescending', 'TimestampAscending'].map((ScanBy) =>
      cw.send(new GetMetricDataCommand({ ...window, ScanBy: ScanBy as 'TimestampDescending', MetricDataQueries: [query('m', 'Invocations', 'Sum', { FunctionName: 'metered' }, 60)] }))));
    const down = descending.MetricDataResults![0]!;
    const up = ascending.MetricDataResults![0]!;
    assert.equal(down.Values!.reduce((a, b) => a + b, 0), RAN.latestSuccesses + RAN.latestErrors + RAN.versionOneSuccesses);
    for (const t of down.Timestamps!) assert.equal(t.getTime() % 60_000, 0);
    assert.deepEqual([...down.Timestamps!].sort((a, b) => b.getTime() - a.getTime()), down.Timestamps);
    assert.deepEqual([...up.Timestamps!].reverse(), down.Timestamps);
    assert.deepEqual([...up.Values!].reverse(), down.Values);
  });

  test('Duration statistics agree with one another, percentiles included', async () => {
    const { start, end } = dayWindow();
    const stats = ['SampleCount', 'Minimum', 'Maximum', 'Average', 'Sum', 'p50', 'p99'];
    const out = await cw.send(new GetMetricDataCommand({
      StartTime: start, EndTime: end,
      MetricDataQueries: stats.map((s) => query(s.toLowerCase(), 'Duration', s, { FunctionName: 'metered', Resource: 'metered' })),
    }));
    const value = (id: string) => out.MetricDataResults!.find((r) => r.Id === id)!.Values![0]!;
    assert.equal(value('samplecount'), RAN.latestSuccesses + RAN.latestErrors);
    assert.ok(value('minimum') > 0);
    assert.ok(value('minimum') <= value('p50') && value('p50') <= value('p99') && value('p99') <= value('maximum'));
    assert.ok(Math.abs(value('average') * value('samplecount') - value('sum')) < 1e-6);
  });

  test('another account sees none of these metrics', async () => {
    const other = cloudWatch(server, '222222222222');
    const { start, end } = dayWindow();
    const out = await other.send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: [query('all', 'Invocations', 'Sum')] }));
    other.destroy();
    assert.deepEqual(out.MetricDataResults, [{ Id: 'all', Label: 'Invocations', Timestamps: [], Values: [], StatusCode: 'Complete' }]);
  });
});
