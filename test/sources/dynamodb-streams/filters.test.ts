/**
 * FilterCriteria on DynamoDB Streams end to end, the cases recorded against AWS: the function gets the
 * events AWS delivered for the two items put, and no other.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLambkin } from '../../support/server.js';
import { startMoto } from '../../support/moto.js';
import { deploy } from '../../api/invoke/helpers.js';
import { assertLikeRecording, recorded } from './recordings.js';
import { FILTER_CASES } from './filter-cases.js';
import { Tables, createMapping, deliveredIds, eventsUntil, recorderFunction } from './harness.js';

const moto = await startMoto();
const tables = new Tables(moto);
after(() => tables.destroy());
const server = await startLambkin({ env: moto.env });
const client = server.client();

for (const [n, { id, items, pattern, sentinel }] of FILTER_CASES.entries()) {
  test(`test_dynamodb_event_filter[${id}]`, async () => {
    const table = `filter-${n}`;
    const fn = `filter-fn-${n}`;
    const streamArn = await tables.create(table);
    await deploy(client, fn, recorderFunction());
    await createMapping(client, {
      FunctionName: fn, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 1, MaximumBatchingWindowInSeconds: 1,
      MaximumRetryAttempts: 1, FilterCriteria: { Filters: [{ Pattern: JSON.stringify(pattern) }] },
    });
    const recording = recorded(`test_dynamodb_event_filter[${id}]`);

    await tables.put(table, items[0]);
    const first = await eventsUntil(server.url, fn, (e) => e.length >= 1);
    assertLikeRecording(first, recording['lambda-log-events'], '$', new Set(['SizeBytes']));

    await tables.put(table, items[1]);
    await tables.put(table, sentinel);
    const events = await eventsUntil(server.url, fn, (e) => deliveredIds(e).includes('sentinel'));
    const expected = recording['lambda-multiple-log-events'];
    assert.equal(events.length, expected.length + 1, `delivered ${JSON.stringify(events)}`);
    assertLikeRecording(events.slice(0, -1), expected, '$', new Set(['SizeBytes']));
  });
}
