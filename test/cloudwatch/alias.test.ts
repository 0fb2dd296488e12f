// An invoke through an alias is counted under Resource=name:alias, with the version it ran as ExecutedVersion.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAliasCommand, PublishVersionCommand, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { GetMetricStatisticsCommand, type Dimension } from '@aws-sdk/client-cloudwatch';
import { startLambkin } from '../support/server.js';
import { deploy, invoke } from '../api/invoke/helpers.js';
import { HANDLER, cloudWatch, dayWindow } from './scenario.js';

test('Resource names the alias or version the caller invoked; ExecutedVersion the version that ran', async () => {
  const server = await startLambkin();
  const lambda = server.client();
  await deploy(lambda, 'aliased', { 'index.js': HANDLER });
  await lambda.send(new PublishVersionCommand({ FunctionName: 'aliased' }));
  await lambda.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: '1' }));
  for (let i = 0; i < 2; i++) assert.equal((await invoke(lambda, 'aliased:live', {})).executedVersion, '1');
  assert.equal((await invoke(lambda, 'aliased:live', { fail: true })).functionError, 'Unhandled');
  assert.equal((await invoke(lambda, 'aliased:1', {})).executedVersion, '1');
  assert.equal((await invoke(lambda, 'aliased', {})).executedVersion, '$LATEST');

  const cw = cloudWatch(server);
  after(() => cw.destroy());
  const { start, end } = dayWindow();
  const sums = async (metric: string, dimensions: Record<string, string>): Promise<number[]> => {
    const Dimensions: Dimension[] = Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value }));
    const out = await cw.send(new GetMetricStatisticsCommand({
      Namespace: 'AWS/Lambda', MetricName: metric, Dimensions, StartTime: start, EndTime: end, Period: 86_400, Statistics: ['Sum'],
    }));
    return out.Datapoints!.map((d) => d.Sum!);
  };
  assert.deepEqual(await sums('Invocations', { FunctionName: 'aliased' }), [5]);
  assert.deepEqual(await sums('Invocations', { FunctionName: 'aliased', Resource: 'aliased:live' }), [3]);
  assert.deepEqual(await sums('Errors', { FunctionName: 'aliased', Resource: 'aliased:live' }), [1]);
  assert.deepEqual(await sums('Invocations', { FunctionName: 'aliased', Resource: 'aliased:live', ExecutedVersion: '1' }), [3]);
  assert.deepEqual(await sums('Invocations', { FunctionName: 'aliased', Resource: 'aliased:1', ExecutedVersion: '1' }), [1]);
  assert.deepEqual(await sums('Invocations', { FunctionName: 'aliased', Resource: 'aliased:1' }), [1]);
  assert.deepEqual(await sums('Invocations', { FunctionName: 'aliased', Resource: 'aliased' }), [1]);
  assert.deepEqual(await sums('Invocations', { FunctionName: 'aliased', Resource: 'aliased', ExecutedVersion: '$LATEST' }), []);

  // A throttled invoke through the alias is counted under the alias too.
  await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'aliased', ReservedConcurrentExecutions: 0 }));
  await assert.rejects(invoke(lambda, 'aliased:live', {}), { name: 'TooManyRequestsException' });
  assert.deepEqual(await sums('Throttles', { FunctionName: 'aliased', Resource: 'aliased:live' }), [1]);
});
