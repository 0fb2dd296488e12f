import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimestampStarts } from '../../../src/sources/dynamodb-streams/timestamp-start.js';

interface Rec { id: string; at: number }
const starts = () => new TimestampStarts<Rec>((r) => r.at);
const ids = (records: Rec[]) => records.map((r) => r.id);

test("times in whole seconds (DynamoDB's) are cut at the start time's second: records of that second run", () => {
  const cut = starts();
  cut.starting('it-1', new Date(12_800));
  const page = cut.page('it-1', { records: [{ id: 'a', at: 11_000 }, { id: 'b', at: 12_000 }, { id: 'c', at: 13_000 }], nextIterator: 'it-2' });
  assert.deepEqual(ids(page.records), ['b', 'c']);
  assert.equal(page.nextIterator, 'it-2');
});

test("finer times (an emulator's) are cut at the start time itself", () => {
  const cut = starts();
  cut.starting('it-1', new Date(12_800));
  const page = cut.page('it-1', { records: [{ id: 'a', at: 12_500 }, { id: 'b', at: 12_799 }, { id: 'c', at: 12_801 }], nextIterator: 'it-2' });
  assert.deepEqual(ids(page.records), ['c']);
});

test('once a record at or after the start ran, every later one does, even an older one', () => {
  const cut = starts();
  cut.starting('it-1', new Date(20_000));
  assert.deepEqual(ids(cut.page('it-1', { records: [{ id: 'a', at: 21_000 }, { id: 'b', at: 19_000 }], nextIterator: 'it-2' }).records), ['a', 'b']);
  assert.deepEqual(ids(cut.page('it-2', { records: [{ id: 'c', at: 1_000 }], nextIterator: 'it-3' }).records), ['c']);
});

test('a page of old records only passes the cut on to the next iterator', () => {
  const cut = starts();
  cut.starting('it-1', new Date(50_000));
  assert.deepEqual(cut.page('it-1', { records: [{ id: 'a', at: 1_000 }], nextIterator: 'it-2' }), { records: [], nextIterator: 'it-2' });
  assert.deepEqual(cut.page('it-2', { records: [], nextIterator: 'it-3' }), { records: [], nextIterator: 'it-3' });
  assert.deepEqual(ids(cut.page('it-3', { records: [{ id: 'b', at: 2_000 }, { id: 'c', at: 50_000 }], nextIterator: 'it-4' }).records), ['c']);
  // A closed shard's last page ends the cut with it.
  cut.starting('other', new Date(50_000));
  assert.deepEqual(cut.page('other', { records: [{ id: 'd', at: 1_000 }] }), { records: [] });
});

test('iterators not taken for a timestamp are read as they are', () => {
  const cut = starts();
  const page = { records: [{ id: 'a', at: 1 }], nextIterator: 'n' };
  assert.equal(cut.page('plain', page), page);
});
