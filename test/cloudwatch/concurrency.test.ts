import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { startLambkin } from '../support/server.js';
import { deploy, invoke } from '../api/invoke/helpers.js';
import { cloudWatch, dayWindow } from './scenario.js';

/** Each invocation waits at a barrier the test holds until all of them are in flight at once. */
const BARRIER_HANDLER = `exports.handler = async (event) => {
  const res = await fetch(event.barrier, { method: 'POST' });
  return { released: res.status };
};
`;
const AT_ONCE = 3;

test('ConcurrentExecutions has the most invocations in flight at once as its Maximum', async () => {
  const waiting: (() => void)[] = [];
  const barrier = createServer((req, res) => {
    waiting.push(() => res.end('go'));
    if (waiting.length === AT_ONCE) for (const release of waiting) release();
  });
  await new Promise<void>((resolve) => barrier.listen(0, '127.0.0.1', resolve));
  after(() => barrier.close());
  const url = `http://127.0.0.1:${(barrier.address() as AddressInfo).port}/`;

  const server = await startLambkin();
  const lambda = server.client();
  await deploy(lambda, 'together', { 'index.js': BARRIER_HANDLER });
  const results = await Promise.all(Array.from({ length: AT_ONCE }, () => invoke(lambda, 'together', { barrier: url })));
  assert.deepEqual(results.map((r) => r.functionError), Array(AT_ONCE).fill(undefined));

  const cw = cloudWatch(server);
  after(() => cw.destroy());
  const { start, end } = dayWindow();
  const out = await cw.send(new GetMetricStatisticsCommand({
    Namespace: 'AWS/Lambda', MetricName: 'ConcurrentExecutions', Dimensions: [{ Name: 'FunctionName', Value: 'together' }],
    StartTime: start, EndTime: end, Period: 86_400, Statistics: ['Maximum', 'SampleCount'],
  }));
  assert.deepEqual(out.Datapoints!.map((d) => [d.Maximum, d.SampleCount]), [[AT_ONCE, AT_ONCE]]);
});
