/** The change feed: one record per changed document, in commit order, resumable, listeners, retention. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChangeFeedGap, type ChangeRecord, type MetadataStore, StoreConflict } from '../../../src/store/types.js';
import { type ContractContext, SCOPE_A, SCOPE_B, SCOPE_C } from './context.js';

const KIND = 'widget';

/** Everything after `position`, read in pages of `page`. */
export async function readFeed(store: MetadataStore, position = 0, page = 1000): Promise<ChangeRecord[]> {
  const out: ChangeRecord[] = [];
  for (let batch = await store.changesSince(position, page); batch.length; batch = await store.changesSince(out.at(-1)!.position, page)) {
    out.push(...batch);
  }
  return out;
}

export function changeFeedContract(ctx: ContractContext): void {
  describe('change feed', () => {
    it('starts empty at position 0', async () => {
      assert.equal(await ctx.store.headPosition(), 0);
      assert.deepEqual(await ctx.store.changesSince(0), []);
    });

    it('records each document a batch writes or removes, in op order; a put’s seq is its position', async () => {
      const [seqOld, seqChild] = await ctx.store.commit([
        { op: 'put', kind: KIND, scope: SCOPE_B, key: 'old', doc: {} },
        { op: 'put', kind: 'gadget', scope: SCOPE_C, key: 'fn:1', parent: 'fn', doc: {} },
      ]);
      const from = await ctx.store.headPosition();
      ctx.clock.advance(5);
      const [seqNew] = await ctx.store.commit([
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'new', doc: { v: 1 } },
        { op: 'delete', kind: KIND, scope: SCOPE_B, key: 'old' },
        { op: 'delete', kind: KIND, scope: SCOPE_A, key: 'never-there' },
        { op: 'deleteChildren', kind: 'gadget', scope: SCOPE_C, parent: 'fn' },
      ]);
      const changes = await ctx.store.changesSince(from);
      const at = ctx.clock.t;
      assert.deepEqual(changes.map(({ position, ...rest }) => rest), [
        { kind: KIND, scope: SCOPE_A, key: 'new', op: 'put', seq: seqNew, at },
        { kind: KIND, scope: SCOPE_B, key: 'old', op: 'delete', seq: seqOld, at },
        { kind: 'gadget', scope: SCOPE_C, key: 'fn:1', op: 'delete', seq: seqChild, at },
      ]);
      assert.equal(changes[0]!.position, seqNew);
      assert.ok(changes[0]!.position > from && changes[1]!.position > changes[0]!.position && changes[2]!.position > changes[1]!.position);
      assert.equal(await ctx.store.headPosition(), changes[2]!.position);
      assert.deepEqual(await ctx.store.changesSince(changes[2]!.position), []);
    });

    it('records nothing for a batch that failed or changed nothing', async () => {
      const [seq] = await ctx.store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'k', doc: {} }]);
      const head = await ctx.store.headPosition();
      const heard: ChangeRecord[][] = [];
      ctx.store.subscribe((changes) => heard.push([...changes]));
      await assert.rejects(ctx.store.commit([
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'other', doc: {} },
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'k', doc: {}, ifSeq: seq! + 1000 },
      ]), StoreConflict);
      await ctx.store.commit([{ op: 'delete', kind: KIND, scope: SCOPE_A, key: 'absent' }]);
      await ctx.store.commit([]);
      assert.equal(await ctx.store.headPosition(), head);
      assert.deepEqual(await ctx.store.changesSince(head), []);
      assert.deepEqual(heard, []);
    });

    it('lets a consumer resume from any position and see every later change exactly once, in commit order', async () => {
      for (let i = 0; i < 7; i++) {
        await ctx.store.commit([
          { op: 'put', kind: KIND, scope: SCOPE_A, key: `k${i}`, doc: { i } },
          ...(i % 2 ? [{ op: 'delete' as const, kind: KIND, scope: SCOPE_A, key: `k${i - 1}` }] : []),
        ]);
      }
      const all = await readFeed(ctx.store);
      assert.equal(all.length, 10);
      assert.deepEqual(all.map((c) => `${c.op} ${c.key}`), [
        'put k0', 'put k1', 'delete k0', 'put k2', 'put k3', 'delete k2', 'put k4', 'put k5', 'delete k4', 'put k6',
      ]);
      for (let i = 1; i < all.length; i++) assert.ok(all[i]!.position > all[i - 1]!.position);
      assert.deepEqual(await readFeed(ctx.store, 0, 3), all);
      for (const [i, change] of all.entries()) assert.deepEqual(await readFeed(ctx.store, change.position, 2), all.slice(i + 1));
      assert.deepEqual(await ctx.store.changesSince(0, 4), all.slice(0, 4));
    });

    it('tells listeners of each batch once it has committed, in commit order, until they unsubscribe', async () => {
      const heard: ChangeRecord[][] = [];
      const unsubscribe = ctx.store.subscribe((changes) => heard.push([...changes]));
      const commits = Array.from({ length: 6 }, (_, i) => ctx.store.commit([
        { op: 'put', kind: KIND, scope: SCOPE_A, key: `a${i}`, doc: {} },
        { op: 'put', kind: KIND, scope: SCOPE_B, key: `b${i}`, doc: {} },
      ]).then(async (seqs) => {
        assert.ok(heard.some((batch) => batch[0]!.seq === seqs[0]), 'heard before commit resolves');
        assert.ok((await ctx.store.get(KIND, SCOPE_A, `a${i}`))!.seq === seqs[0]);
      }));
      await Promise.all(commits);
      assert.equal(heard.length, 6);
      assert.deepEqual(heard.flat(), await readFeed(ctx.store));
      unsubscribe();
      await ctx.store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'after', doc: {} }]);
      assert.equal(heard.length, 6);
    });

    it('keeps a commit, and the other listeners, when a listener throws', async () => {
      const heard: number[] = [];
      const report = console.error;
      console.error = () => {};
      try {
        ctx.store.subscribe(() => { throw new Error('listener bug'); });
        ctx.store.subscribe((changes) => heard.push(changes[0]!.position));
        const [seq] = await ctx.store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'k', doc: {} }]);
        assert.deepEqual(heard, [seq]);
        assert.equal((await ctx.store.get(KIND, SCOPE_A, 'k'))!.seq, seq);
      } finally {
        console.error = report;
      }
    });

    it('stamps changes with the store clock, never earlier than the change before', async () => {
      await ctx.store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'a', doc: {} }]);
      const first = ctx.clock.t;
      ctx.clock.advance(-60_000);
      await ctx.store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'b', doc: {} }]);
      ctx.clock.advance(120_000);
      await ctx.store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'c', doc: {} }]);
      assert.deepEqual((await readFeed(ctx.store)).map((c) => c.at), [first, first, ctx.clock.t]);
    });

    it('keeps changes for the retention, then may trim them; reading past the trim says so', async () => {
      const store = await ctx.reopen({ changeRetentionMs: 60_000 });
      await store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'old', doc: {} }]);
      const oldHead = await store.headPosition();
      ctx.clock.advance(60_000);
      await store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'new', doc: {} }]);
      assert.equal(await store.trimChanges(), 0, 'nothing is past its retention yet');
      assert.equal((await readFeed(store)).length, 2);
      ctx.clock.advance(1);
      assert.equal(await store.trimChanges(), 1);
      await assert.rejects(store.changesSince(0), (err: unknown) =>
        err instanceof ChangeFeedGap && err.position === 0 && err.trimmedThrough === oldHead && err.head === oldHead + 1);
      assert.deepEqual((await store.changesSince(oldHead)).map((c) => c.key), ['new']);
      assert.equal(await store.headPosition(), oldHead + 1);
      ctx.clock.advance(60_001);
      assert.equal(await store.trimChanges(), 1);
      assert.deepEqual(await store.changesSince(oldHead + 1), []);
      const [seq] = await store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'later', doc: {} }]);
      assert.ok(seq! > oldHead + 1, 'positions are never reused after a trim');
    });

    it('refuses a position beyond the head, or one that is not a non-negative integer', async () => {
      await ctx.store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'k', doc: {} }]);
      const head = await ctx.store.headPosition();
      await assert.rejects(ctx.store.changesSince(head + 1), ChangeFeedGap);
      for (const bad of [-1, 1.5, Number.NaN]) await assert.rejects(ctx.store.changesSince(bad), RangeError, `position ${bad}`);
      for (const bad of [0, -1, 2.5]) await assert.rejects(ctx.store.changesSince(0, bad), RangeError, `limit ${bad}`);
    });
  });
}
