import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, Histogram, Registry } from 'prom-client';
import { BoundCounter, BoundHistogram } from '../../src/metrics/prometheus/bound-metrics.js';
import { exposition } from '../../src/metrics/prometheus/exposition.js';

const BOUNDS = [0.001, 0.01, 0.1, 1];
const labelNames = ['account', 'region', 'function', 'version'];
const a = { account: '111111111111', region: 'us-east-1', function: 'a', version: '$LATEST' };
const b = { account: '222222222222', region: 'eu-west-1', function: 'b', version: '3' };

test('bound counters and histograms read out exactly as prom-client’s, and a series never updated is not shown', async () => {
  const theirs = new Registry();
  const counter = new Counter({ name: 'x_total', help: 'Things.', labelNames, registers: [theirs] });
  const histogram = new Histogram({ name: 'x_seconds', help: 'Times.', labelNames, buckets: BOUNDS, registers: [theirs] });
  const ours = new Registry();
  const boundCounter = new BoundCounter('x_total', 'Things.', ours);
  const boundHistogram = new BoundHistogram('x_seconds', 'Times.', BOUNDS, ours);
  boundCounter.series({ ...a, function: 'never' });
  boundHistogram.series({ ...a, function: 'never' });
  assert.equal(await exposition(ours), await exposition(theirs));

  for (const [labels, value] of [[a, 0.0005], [b, 0.05], [a, 0.01], [a, 5], [b, 1]] as const) {
    counter.inc(labels);
    boundCounter.series(labels).inc();
    histogram.observe(labels, value);
    boundHistogram.series({ ...labels }).observe(value);
  }
  const text = await exposition(ours);
  assert.equal(text, await exposition(theirs));
  assert.match(text, /^x_seconds_bucket\{le="0\.01",account="111111111111",region="us-east-1",function="a",version="\$LATEST"\} 2$/m);
  assert.doesNotMatch(text, /never/);
  assert.equal(await exposition(ours, b.account), await exposition(theirs, b.account));
});
