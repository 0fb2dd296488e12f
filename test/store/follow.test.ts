/** ChangeFollower on a real SQLite store: exactly once, in order, resumable, stops loudly. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ChangeFollower } from '../../src/store/follow.js';
import { SqliteMetadataStore } from '../../src/store/sqlite.js';
import { ChangeFeedGap, type ChangeRecord } from '../../src/store/types.js';

const scope = { accountId: '000000000000', region: 'us-east-1' };

describe('ChangeFollower', () => {
  let dir: string;
  let store: SqliteMetadataStore;
  let t = 1_700_000_000_000;
  const put = (key: string) => store.commit([{ op: 'put', kind: 'widget', scope, key, doc: {} }]);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lambkin-follow-'));
    store = new SqliteMetadataStore(join(dir, 'lambkin.db'), { now: () => t, changeRetentionMs: 1000 });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('hands over the changes before it started and those after, each once, in commit order', async () => {
    await put('a');
    await put('b');
    const seen: string[] = [];
    const follower = new ChangeFollower(store, 0, async (c) => { await Promise.resolve(); seen.push(c.key); }, { pageSize: 1 }).start();
    await Promise.all(['c', 'd', 'e'].map(put));
    await follower.drain();
    await put('f');
    await follower.drain();
    follower.stop();
    assert.deepEqual(seen, ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.equal(follower.position, await store.headPosition());
    await put('after-stop');
    await follower.drain();
    assert.equal(seen.length, 6);
  });

  it('resumes after the position it was given', async () => {
    for (const key of ['a', 'b', 'c']) await put(key);
    const first = (await store.changesSince(0))[0]!;
    const seen: string[] = [];
    const follower = new ChangeFollower(store, first.position, (c) => { seen.push(c.key); }).start();
    await follower.drain();
    follower.stop();
    assert.deepEqual(seen, ['b', 'c']);
  });

  it('stops at the last change handled when the handler throws, so a new follower retries that change', async () => {
    for (const key of ['a', 'bad', 'c']) await put(key);
    const errors: unknown[] = [];
    const seen: string[] = [];
    const failing = new ChangeFollower(store, 0, (c) => {
      if (c.key === 'bad') throw new Error('handler failed');
      seen.push(c.key);
    }, { onError: (e) => errors.push(e) }).start();
    await failing.drain();
    await put('d');
    await failing.drain();
    assert.deepEqual(seen, ['a']);
    assert.equal((errors as Error[]).map((e) => e.message).join(), 'handler failed');
    const retry: ChangeRecord[] = [];
    const again = new ChangeFollower(store, failing.position, (c) => { retry.push(c); }).start();
    await again.drain();
    again.stop();
    assert.deepEqual(retry.map((c) => c.key), ['bad', 'c', 'd']);
  });

  it('reports a gap when the feed was trimmed past its position', async () => {
    await put('a');
    t += 1001;
    await put('b');
    await store.trimChanges();
    const errors: unknown[] = [];
    const follower = new ChangeFollower(store, 0, () => {}, { onError: (e) => errors.push(e) }).start();
    await follower.drain();
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof ChangeFeedGap);
    assert.equal(follower.position, 0);
  });

  it('with pollMs, picks up what another node commits to the same data', async () => {
    const other = new SqliteMetadataStore(join(dir, 'lambkin.db'), { now: () => t });
    try {
      const seen: string[] = [];
      const follower = new ChangeFollower(store, 0, (c) => { seen.push(c.key); }, { pollMs: 20 }).start();
      await other.commit([{ op: 'put', kind: 'widget', scope, key: 'from-other', doc: {} }]);
      for (let waited = 0; !seen.length && waited < 30_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      follower.stop();
      assert.deepEqual(seen, ['from-other']);
    } finally {
      await other.close();
    }
  });
});
