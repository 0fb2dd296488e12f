import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MINUTE_MS, MetricSeriesStore, RETENTION_MS } from '../../src/metrics/series/index.js';

const scope = { accountId: '123456789012', region: 'us-east-1' };
const metric = (functionName: string) => ({ namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: [{ name: 'FunctionName', value: functionName }] });

test('the series store keeps 15 days of minutes and forgets a series with nothing left in them', () => {
  let now = Date.UTC(2026, 11, 1, 12, 0, 0);
  const store = new MetricSeriesStore(() => now);
  const first = now;
  store.record(scope, metric('old'), 'Count', 1);
  store.record(scope, metric('busy'), 'Count', 1);
  now += RETENTION_MS + MINUTE_MS;
  store.record(scope, metric('busy'), 'Count', 2);

  const busy = store.periods(scope, metric('busy'), first, now + MINUTE_MS, MINUTE_MS)!;
  assert.deepEqual(busy.periods.map((p) => [p.start, p.stats.sum]), [[Math.floor(now / MINUTE_MS) * MINUTE_MS, 2]]);
  assert.deepEqual(store.list(scope).map((s) => s.id.dimensions[0]!.value), ['busy']);
  assert.equal(store.periods(scope, metric('old'), first, now, MINUTE_MS), undefined);
  assert.deepEqual(store.list({ accountId: '210987654321', region: 'us-east-1' }), []);
});
