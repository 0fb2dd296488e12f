import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MinuteBucket, mergeBuckets, percentile } from '../../src/metrics/series/bucket.js';

test('percentiles are exact for few values and within 2% for many, with bounded memory', () => {
  const few = new MinuteBucket();
  for (const v of [5, 1, 4, 2, 3]) few.add(v);
  const small = mergeBuckets([few])!;
  assert.deepEqual([percentile(small, 50), percentile(small, 99), percentile(small, 100), percentile(small, 0)], [3, 5, 5, 1]);

  const minutes = [new MinuteBucket(), new MinuteBucket()];
  for (let v = 1; v <= 10_000; v++) minutes[v % 2]!.add(v);
  const many = mergeBuckets(minutes)!;
  assert.equal(many.exact, undefined);
  assert.ok(minutes.every((m) => m.histogram.size < 500));
  for (const [p, expected] of [[50, 5000], [90, 9000], [99, 9900]] as const) {
    const got = percentile(many, p);
    assert.ok(Math.abs(got - expected) / expected <= 0.02, `p${p} = ${got}`);
  }
  assert.equal(percentile(many, 100), 10_000);
  assert.deepEqual([many.sampleCount, many.sum, many.minimum, many.maximum], [10_000, 50_005_000, 1, 10_000]);
});
