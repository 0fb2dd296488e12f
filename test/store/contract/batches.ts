/** Batches: all or nothing, ifSeq and ifAbsent preconditions, seq rules, races between writers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreConflict, type WriteOp } from '../../../src/store/types.js';
import { type ContractContext, SCOPE_A } from './context.js';

const KIND = 'widget';
const put = (key: string, doc: unknown, extra: Partial<Extract<WriteOp, { op: 'put' }>> = {}): WriteOp =>
  ({ op: 'put', kind: KIND, scope: SCOPE_A, key, doc, ...extra });

async function conflict(promise: Promise<unknown>, kind: string, key: string, reason: StoreConflict['reason']): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof StoreConflict, `expected a StoreConflict, got ${String(err)}`);
    assert.deepEqual({ kind: err.kind, key: err.key, reason: err.reason }, { kind, key, reason });
    return true;
  });
}

export function batchContract(ctx: ContractContext): void {
  describe('batches', () => {
    it('returns the new seq of each put in order, strictly increasing, nothing for deletes', async () => {
      await ctx.store.commit([put('old', {})]);
      const seqs = await ctx.store.commit([
        put('a', {}), { op: 'delete', kind: KIND, scope: SCOPE_A, key: 'old' }, put('b', {}),
        { op: 'deleteChildren', kind: KIND, scope: SCOPE_A, parent: 'none' }, put('a', { again: true }),
      ]);
      assert.equal(seqs.length, 3);
      assert.ok(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!, `seqs ${seqs}`);
      assert.equal((await ctx.store.get(KIND, SCOPE_A, 'a'))!.seq, seqs[2]);
      assert.equal((await ctx.store.get(KIND, SCOPE_A, 'b'))!.seq, seqs[1]);
    });

    it('applies a put or delete whose ifSeq matches, and refuses one that does not', async () => {
      const [s1] = await ctx.store.commit([put('k', { v: 1 })]);
      const [s2] = await ctx.store.commit([put('k', { v: 2 }, { ifSeq: s1 })]);
      await conflict(ctx.store.commit([put('k', { v: 3 }, { ifSeq: s1 })]), KIND, 'k', 'changed');
      await conflict(ctx.store.commit([{ op: 'delete', kind: KIND, scope: SCOPE_A, key: 'k', ifSeq: s1! }]), KIND, 'k', 'changed');
      assert.deepEqual(await ctx.store.get(KIND, SCOPE_A, 'k'), { key: 'k', parent: '', doc: { v: 2 }, seq: s2 });
      await ctx.store.commit([{ op: 'delete', kind: KIND, scope: SCOPE_A, key: 'k', ifSeq: s2! }]);
      assert.equal(await ctx.store.get(KIND, SCOPE_A, 'k'), undefined);
    });

    it('refuses an ifSeq on a document that is gone, for a put and for a delete', async () => {
      await conflict(ctx.store.commit([put('k', {}, { ifSeq: 1 })]), KIND, 'k', 'missing');
      await conflict(ctx.store.commit([{ op: 'delete', kind: KIND, scope: SCOPE_A, key: 'k', ifSeq: 1 }]), KIND, 'k', 'missing');
      assert.equal(await ctx.store.get(KIND, SCOPE_A, 'k'), undefined);
    });

    it('refuses ifAbsent when the document exists, and creates it when not', async () => {
      const [seq] = await ctx.store.commit([put('k', { first: true }, { ifAbsent: true })]);
      await conflict(ctx.store.commit([put('k', { second: true }, { ifAbsent: true })]), KIND, 'k', 'exists');
      assert.deepEqual(await ctx.store.get(KIND, SCOPE_A, 'k'), { key: 'k', parent: '', doc: { first: true }, seq });
    });

    it('never lets an ifSeq of one incarnation match the next: seq grows across delete and re-create', async () => {
      const [s1] = await ctx.store.commit([put('k', { life: 1 })]);
      await ctx.store.commit([{ op: 'delete', kind: KIND, scope: SCOPE_A, key: 'k' }]);
      const [s2] = await ctx.store.commit([put('k', { life: 2 }, { ifAbsent: true })]);
      assert.ok(s2! > s1!, `re-created seq ${s2} after ${s1}`);
      await conflict(ctx.store.commit([put('k', { stale: true }, { ifSeq: s1 })]), KIND, 'k', 'changed');
      assert.deepEqual((await ctx.store.get(KIND, SCOPE_A, 'k'))!.doc, { life: 2 });
    });

    it('applies nothing of a batch whose precondition fails, wherever it stands in the batch', async () => {
      const [seq] = await ctx.store.commit([put('k', { v: 1 }), put('fn:1', {}, { parent: 'fn' })]);
      await conflict(ctx.store.commit([
        put('new', {}), { op: 'deleteChildren', kind: KIND, scope: SCOPE_A, parent: 'fn' },
        put('k', { v: 2 }, { ifSeq: seq }), put('other', {}, { ifSeq: 12345 }),
      ]), KIND, 'other', 'missing');
      assert.equal(await ctx.store.get(KIND, SCOPE_A, 'new'), undefined);
      assert.equal(await ctx.store.count(KIND, SCOPE_A, 'fn'), 1);
      assert.deepEqual(await ctx.store.get(KIND, SCOPE_A, 'k'), { key: 'k', parent: '', doc: { v: 1 }, seq });
    });

    it('lets each op see the ops before it in the same batch', async () => {
      await conflict(ctx.store.commit([put('k', {}, { ifAbsent: true }), put('k', {}, { ifAbsent: true })]), KIND, 'k', 'exists');
      assert.equal(await ctx.store.get(KIND, SCOPE_A, 'k'), undefined);
      await ctx.store.commit([put('k', { v: 1 }, { ifAbsent: true }), { op: 'delete', kind: KIND, scope: SCOPE_A, key: 'k' }]);
      assert.equal(await ctx.store.get(KIND, SCOPE_A, 'k'), undefined);
      await ctx.store.commit([put('k', { v: 1 })]);
      await ctx.store.commit([{ op: 'delete', kind: KIND, scope: SCOPE_A, key: 'k' }, put('k', { v: 2 }, { ifAbsent: true })]);
      assert.deepEqual((await ctx.store.get(KIND, SCOPE_A, 'k'))!.doc, { v: 2 });
      await ctx.store.commit([put('fn:1', {}, { parent: 'fn' }), { op: 'deleteChildren', kind: KIND, scope: SCOPE_A, parent: 'fn' }]);
      assert.equal(await ctx.store.count(KIND, SCOPE_A, 'fn'), 0);
    });

    it('lets exactly one of many racing writers win the same ifSeq or ifAbsent', async () => {
      const racers = Array.from({ length: 8 }, (_, i) => i);
      const created = await Promise.allSettled(racers.map((i) => ctx.store.commit([put('new', { i }, { ifAbsent: true })])));
      assert.equal(created.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of created) if (r.status === 'rejected') assert.equal((r.reason as StoreConflict).reason, 'exists');
      const { seq } = (await ctx.store.get(KIND, SCOPE_A, 'new'))!;
      const updated = await Promise.allSettled(racers.map((i) => ctx.store.commit([put('new', { i, updated: true }, { ifSeq: seq })])));
      assert.equal(updated.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of updated) if (r.status === 'rejected') assert.equal((r.reason as StoreConflict).reason, 'changed');
      assert.equal(((await ctx.store.get<{ updated?: boolean }>(KIND, SCOPE_A, 'new'))!.doc).updated, true);
    });
  });
}
