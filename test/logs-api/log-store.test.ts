// The log store's group-level reads and writes the Logs API stands on, on a real directory.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { LogStore } from '../../src/engine/logs/store.js';

const dir = mkdtempSync(join(tmpdir(), 'lambkin-log-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const store = new LogStore(dir);
const A = '111111111111';

test('pruning rewrites a stream in place: a writer that keeps its file open appends after what was kept', async () => {
  const writer = store.openStream(A, 'us-east-1', '/g/pruned', 's1');
  writer.write('old\n', 1000);
  writer.write('kept\n', 5000);
  await store.flush();
  writer.write('queued during prune\n', 6000);
  assert.equal(await store.pruneBefore(A, 'us-east-1', '/g/pruned', 2000), 1);
  writer.write('after prune\n', 7000);
  await store.flush();
  const lines = readFileSync(join(dir, A, 'us-east-1', encodeURIComponent('/g/pruned'), 's1.jsonl'), 'utf8').trim().split('\n');
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as { message: string }).message), ['kept\n', 'queued during prune\n', 'after prune\n']);
  writer.close();
});

test('groups and scopes are listed from what was written; a deleted group is gone', async () => {
  store.openStream(A, 'eu-west-1', '/g/one', 's').write('x\n');
  store.openStream(A, 'eu-west-1', '/g/two', 's').write('y\n');
  await store.flush();
  const groups = await store.listGroups(A, 'eu-west-1');
  assert.deepEqual(groups.map((g) => g.logGroupName).sort(), ['/g/one', '/g/two']);
  assert.ok(groups.every((g) => g.storedBytes > 0));
  assert.deepEqual((await store.listScopes()).map((s) => `${s.accountId}/${s.region}`).sort(), [`${A}/eu-west-1`, `${A}/us-east-1`]);
  await store.deleteGroup(A, 'eu-west-1', '/g/one');
  assert.deepEqual((await store.listGroups(A, 'eu-west-1')).map((g) => g.logGroupName), ['/g/two']);
  assert.deepEqual(await store.listGroups(A, 'ap-south-1'), []);
});
