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

test('a handle records to its series, and to a new one once the store has forgotten it', () => {
  let now = Date.UTC(2026, 11, 1, 12, 0, 0);
  const store = new MetricSeriesStore(() => now);
  const first = now;
  const handle = store.handle(scope, metric('fn'), 'Count');
  handle.record(1);
  store.record(scope, metric('fn'), 'Count', 2);
  const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  assert.deepEqual(store.periods(scope, metric('fn'), first, now + MINUTE_MS, MINUTE_MS)!.periods.map((p) => [p.start, p.stats.sum]), [[minute, 3]]);

  now += RETENTION_MS + MINUTE_MS;
  assert.deepEqual(store.list(scope), []);
  handle.record(5);
  const later = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  assert.deepEqual(store.list(scope).map((s) => s.id.dimensions[0]!.value), ['fn']);
  assert.deepEqual(store.periods(scope, metric('fn'), first, now + MINUTE_MS, MINUTE_MS)!.periods.map((p) => [p.start, p.stats.sum]), [[later, 5]]);
  store.record(scope, metric('fn'), 'Count', 1);
  assert.equal(store.periods(scope, metric('fn'), later, now + MINUTE_MS, MINUTE_MS)!.periods[0]!.stats.sampleCount, 2);
});
