import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  GetMetricDataCommand, GetMetricStatisticsCommand, ListMetricsCommand, type CloudWatchClient,
} from '@aws-sdk/client-cloudwatch';
import { startLambkin, type TestServer } from '../support/server.js';
import { RAN, cloudWatch, dayWindow, runScenario } from './scenario.js';

const run = promisify(execFile);
const server: TestServer = await startLambkin();
await runScenario(server.client());
const cw: CloudWatchClient = cloudWatch(server);
after(() => cw.destroy());

const { start, end } = dayWindow();
const today = new Date(start.getTime() + 86_400_000);
const METERED = [{ Name: 'FunctionName', Value: 'metered' }];
const ENV = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', PATH: process.env.PATH! };

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  const err = await promise.then(() => assert.fail('expected an error'), (e: any) => e);
  return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
}

describe('GetMetricStatistics and ListMetrics (@aws-sdk/client-cloudwatch)', () => {
  test('GetMetricStatistics gives the exact statistics of a day', async () => {
    const out = await cw.send(new GetMetricStatisticsCommand({
      Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: METERED, StartTime: start, EndTime: end, Period: 86_400,
      Statistics: ['Sum', 'SampleCount', 'Maximum', 'Minimum', 'Average'],
    }));
    const total = RAN.latestSuccesses + RAN.latestErrors + RAN.versionOneSuccesses;
    assert.equal(out.Label, 'Errors');
    assert.deepEqual(out.Datapoints, [{
      Timestamp: today, SampleCount: total, Average: RAN.latestErrors / total, Sum: RAN.latestErrors, Minimum: 0, Maximum: 1, Unit: 'Count',
    }]);
  });

  test('GetMetricStatistics gives percentiles as ExtendedStatistics', async () => {
    const out = await cw.send(new GetMetricStatisticsCommand({
      Namespace: 'AWS/Lambda', MetricName: 'Duration', Dimensions: METERED, StartTime: start, EndTime: end, Period: 86_400,
      Statistics: ['Minimum', 'Maximum'], ExtendedStatistics: ['p50', 'p100'],
    }));
    const [point] = out.Datapoints!;
    assert.equal(out.Datapoints!.length, 1);
    assert.equal(point!.Unit, 'Milliseconds');
    assert.equal(point!.ExtendedStatistics!.p100, point!.Maximum);
    assert.ok(point!.Minimum! <= point!.ExtendedStatistics!.p50! && point!.ExtendedStatistics!.p50! <= point!.Maximum!);
  });

  test('ListMetrics lists the metrics of a function under each of its dimension sets', async () => {
    const out = await cw.send(new ListMetricsCommand({ Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: 'metered' }] }));
    const sets = out.Metrics!.map((m) => m.Dimensions!.map((d) => `${d.Name}=${d.Value}`).join(',')).sort();
    assert.deepEqual(sets, [
      'ExecutedVersion=1,FunctionName=metered,Resource=metered:1',
      'FunctionName=metered',
      'FunctionName=metered,Resource=metered',
      'FunctionName=metered,Resource=metered:1',
    ]);
    const none = await cw.send(new ListMetricsCommand({ Namespace: 'AWS/EC2' }));
    assert.deepEqual(none.Metrics, []);
  });

  test('bad input gets CloudWatch\'s errors', async () => {
    const base = { Namespace: 'AWS/Lambda', MetricName: 'Errors', StartTime: start, EndTime: end, Statistics: ['Sum' as const] };
    assert.deepEqual(await errorOf(cw.send(new GetMetricStatisticsCommand({ ...base, Period: 45 }))), {
      name: 'InvalidParameterValueException', message: 'The parameter Period must be a multiple of 60.', status: 400,
    });
    assert.deepEqual(await errorOf(cw.send(new GetMetricStatisticsCommand({ ...base, Period: 60, Statistics: [] }))), {
      name: 'InvalidParameterCombinationException', message: 'At least one of the parameters Statistics and ExtendedStatistics must be specified.', status: 400,
    });
    assert.deepEqual(await errorOf(cw.send(new GetMetricStatisticsCommand({ ...base, Period: 60, StartTime: end, EndTime: start }))), {
      name: 'InvalidParameterValueException', message: 'The parameter StartTime must be less than the parameter EndTime.', status: 400,
    });
    assert.deepEqual(await errorOf(cw.send(new GetMetricStatisticsCommand({ ...base, Period: 60 }))), {
      name: 'InvalidParameterCombinationException',
      message: 'You have requested up to 4320 datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
      status: 400,
    });
    assert.deepEqual(await errorOf(cw.send(new GetMetricStatisticsCommand({ ...base, Period: 60, Namespace: undefined as never }))), {
      name: 'MissingRequiredParameterException', message: 'The parameter Namespace is required.', status: 400,
    });
    // Unmodeled in the SDK: it names the error ValidationException and keeps the query code in `Code`.
    const badId = cw.send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: [{
      Id: 'Bad', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors' }, Period: 86_400, Stat: 'Sum' },
    }] }));
    assert.equal(await badId.then(() => '', (e: { Code?: string }) => e.Code), 'ValidationError');
    assert.deepEqual(await errorOf(badId), {
      name: 'ValidationException', message: 'The value Bad for parameter MetricDataQueries.member.1.Id is not matching the expected pattern ^[a-z][a-zA-Z0-9_]*$.', status: 400,
    });
  });
});

describe('other clients', () => {
  test('AWS CLI v2 get-metric-statistics (query protocol) gives the exact datapoint', async () => {
    const { stdout } = await run('/usr/bin/aws', [
      'cloudwatch', 'get-metric-statistics', '--endpoint-url', server.url, '--output', 'json',
      '--namespace', 'AWS/Lambda', '--metric-name', 'Throttles', '--dimensions', 'Name=FunctionName,Value=refused',
      '--start-time', start.toISOString(), '--end-time', end.toISOString(), '--period', '86400', '--statistics', 'Sum', 'SampleCount',
    ], { env: ENV });
    assert.deepEqual(JSON.parse(stdout), {
      Label: 'Throttles',
      Datapoints: [{ Timestamp: today.toISOString().replace('.000Z', '+00:00'), SampleCount: RAN.throttles, Sum: RAN.throttles, Unit: 'Count' }],
    });
  });

  test('AWS CLI v2 gets the query protocol\'s error for a bad period', async () => {
    const failed = await run('/usr/bin/aws', [
      'cloudwatch', 'get-metric-statistics', '--endpoint-url', server.url,
      '--namespace', 'AWS/Lambda', '--metric-name', 'Throttles',
      '--start-time', start.toISOString(), '--end-time', end.toISOString(), '--period', '7', '--statistics', 'Sum',
    ], { env: ENV }).then(() => assert.fail('expected the CLI to fail'), (e: { stderr: string; code: number }) => e);
    assert.equal(failed.code, 254);
    assert.match(failed.stderr, /An error occurred \(InvalidParameterValue\) when calling the GetMetricStatistics operation: The parameter Period must be a multiple of 60\./);
  });

  test('boto3 (Smithy RPC v2 CBOR) reads GetMetricData and GetMetricStatistics', async () => {
    const script = `
import boto3, json, sys, datetime
cw = boto3.client('cloudwatch', endpoint_url=sys.argv[1], region_name='us-east-1')
start = datetime.datetime.fromisoformat(sys.argv[2]); end = datetime.datetime.fromisoformat(sys.argv[3])
data = cw.get_metric_data(StartTime=start, EndTime=end, MetricDataQueries=[{'Id': 'inv', 'MetricStat': {
  'Metric': {'Namespace': 'AWS/Lambda', 'MetricName': 'Invocations', 'Dimensions': [{'Name': 'FunctionName', 'Value': 'metered'}]},
  'Period': 86400, 'Stat': 'Sum'}}])
stats = cw.get_metric_statistics(Namespace='AWS/Lambda', MetricName='Errors', StartTime=start, EndTime=end, Period=86400,
  Statistics=['Sum'], Dimensions=[{'Name': 'FunctionName', 'Value': 'metered'}])
try:
  cw.get_metric_statistics(Namespace='AWS/Lambda', MetricName='Errors', StartTime=start, EndTime=end, Period=45, Statistics=['Sum'])
  err = None
except cw.exceptions.ClientError as e:
  err = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
r = data['MetricDataResults'][0]
print(json.dumps({'protocol': cw.meta.service_model.protocol, 'data': [r['Id'], r['Label'], [t.isoformat() for t in r['Timestamps']], r['Values'], r['StatusCode']],
  'stats': [[p['Timestamp'].isoformat(), p['Sum'], p['Unit']] for p in stats['Datapoints']], 'error': err}))
`;
    const { stdout } = await run('python3', ['-c', script, server.url, start.toISOString(), end.toISOString()], { env: ENV });
    const stamp = today.toISOString().replace('.000Z', '+00:00');
    assert.deepEqual(JSON.parse(stdout), {
      protocol: 'smithy-rpc-v2-cbor',
      data: ['inv', 'Invocations', [stamp], [RAN.latestSuccesses + RAN.latestErrors + RAN.versionOneSuccesses], 'Complete'],
      stats: [[stamp, RAN.latestErrors, 'Count']],
      error: ['InvalidParameterValue', 'The parameter Period must be a multiple of 60.', 400],
    });
  });
});
