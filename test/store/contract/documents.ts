/** Documents: get, put, delete, count, and isolation by kind, account and region. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ContractContext, SCOPE_A, SCOPE_B, SCOPE_C } from './context.js';

const KIND = 'widget';

export function documentContract(ctx: ContractContext): void {
  describe('documents', () => {
    it('answers undefined for a document never written', async () => {
      assert.equal(await ctx.store.get(KIND, SCOPE_A, 'nothing'), undefined);
      assert.equal(await ctx.store.count(KIND, SCOPE_A), 0);
    });

    it('returns what was put: key, parent, the JSON document and the seq the commit returned', async () => {
      const doc = { name: 'f', n: 1.5, neg: -3, big: 2 ** 53 - 1, on: true, off: false, none: null, list: [1, 'two', { three: [3] }], text: 'é ü 😀 \u0000 "q" \\' };
      const [seq] = await ctx.store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'f', parent: 'p', doc }]);
      assert.equal(typeof seq, 'number');
      assert.deepEqual(await ctx.store.get(KIND, SCOPE_A, 'f'), { key: 'f', parent: 'p', doc, seq });
    });

    it('stores a copy: changing the object after the put or after a get changes nothing stored', async () => {
      const doc = { tags: { a: '1' }, list: [1] };
      await ctx.store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'k', doc }]);
      doc.tags.a = 'changed';
      doc.list.push(2);
      const read = await ctx.store.get<{ tags: Record<string, string>; list: number[] }>(KIND, SCOPE_A, 'k');
      assert.deepEqual(read!.doc, { tags: { a: '1' }, list: [1] });
      read!.doc.tags.a = 'changed again';
      assert.deepEqual((await ctx.store.get(KIND, SCOPE_A, 'k'))!.doc, { tags: { a: '1' }, list: [1] });
    });

    it('drops undefined fields as JSON does, and a missing parent reads as the empty string', async () => {
      await ctx.store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'k', doc: { kept: 1, gone: undefined } }]);
      const read = await ctx.store.get(KIND, SCOPE_A, 'k');
      assert.deepEqual(read!.doc, { kept: 1 });
      assert.equal(Object.hasOwn(read!.doc as object, 'gone'), false);
      assert.equal(read!.parent, '');
    });

    it('a put replaces the document and its parent; a delete removes it; deleting the absent is a no-op', async () => {
      const [first] = await ctx.store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'k', parent: 'old', doc: { v: 1 } }]);
      const [second] = await ctx.store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'k', parent: 'new', doc: { w: 2 } }]);
      assert.ok(second! > first!, `seq ${second} after ${first}`);
      assert.deepEqual(await ctx.store.get(KIND, SCOPE_A, 'k'), { key: 'k', parent: 'new', doc: { w: 2 }, seq: second });
      assert.equal(await ctx.store.count(KIND, SCOPE_A, 'old'), 0);
      assert.deepEqual(await ctx.store.commit([{ op: 'delete', kind: KIND, scope: SCOPE_A, key: 'k' }]), []);
      assert.equal(await ctx.store.get(KIND, SCOPE_A, 'k'), undefined);
      assert.deepEqual(await ctx.store.commit([{ op: 'delete', kind: KIND, scope: SCOPE_A, key: 'k' }]), []);
    });

    it('counts a scope, or one parent in it', async () => {
      await ctx.store.commit([
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'p:1', parent: 'p', doc: {} },
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'p:2', parent: 'p', doc: {} },
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'q:1', parent: 'q', doc: {} },
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'lone', doc: {} },
      ]);
      assert.equal(await ctx.store.count(KIND, SCOPE_A), 4);
      assert.equal(await ctx.store.count(KIND, SCOPE_A, 'p'), 2);
      assert.equal(await ctx.store.count(KIND, SCOPE_A, 'q'), 1);
      assert.equal(await ctx.store.count(KIND, SCOPE_A, 'none'), 0);
    });

    it('keeps kinds, accounts and regions apart: the same key is a different document in each', async () => {
      const places = [
        { kind: KIND, scope: SCOPE_A }, { kind: KIND, scope: SCOPE_B }, { kind: KIND, scope: SCOPE_C }, { kind: 'gadget', scope: SCOPE_A },
      ];
      await ctx.store.commit(places.map((p, i) => ({ op: 'put' as const, ...p, key: 'same', parent: 'fn', doc: { i } })));
      for (const [i, p] of places.entries()) {
        assert.deepEqual((await ctx.store.get(p.kind, p.scope, 'same'))!.doc, { i });
        assert.deepEqual((await ctx.store.list(p.kind, p.scope)).map((d) => d.doc), [{ i }]);
        assert.equal(await ctx.store.count(p.kind, p.scope), 1);
        assert.equal(await ctx.store.count(p.kind, p.scope, 'fn'), 1);
      }
      await ctx.store.commit([
        { op: 'delete', kind: KIND, scope: SCOPE_A, key: 'same' },
        { op: 'deleteChildren', kind: KIND, scope: SCOPE_B, parent: 'fn' },
      ]);
      assert.equal(await ctx.store.get(KIND, SCOPE_A, 'same'), undefined);
      assert.equal(await ctx.store.get(KIND, SCOPE_B, 'same'), undefined);
      assert.deepEqual((await ctx.store.get(KIND, SCOPE_C, 'same'))!.doc, { i: 2 });
      assert.deepEqual((await ctx.store.get('gadget', SCOPE_A, 'same'))!.doc, { i: 3 });
    });

    it('deleteChildren removes one parent’s documents of one kind in one scope, nothing else', async () => {
      await ctx.store.commit([
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'fn:1', parent: 'fn', doc: {} },
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'fn:2', parent: 'fn', doc: {} },
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'fnx:1', parent: 'fnx', doc: {} },
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'fn', doc: {} },
        { op: 'put', kind: 'gadget', scope: SCOPE_A, key: 'fn:1', parent: 'fn', doc: {} },
        { op: 'put', kind: KIND, scope: SCOPE_C, key: 'fn:1', parent: 'fn', doc: {} },
      ]);
      assert.deepEqual(await ctx.store.commit([{ op: 'deleteChildren', kind: KIND, scope: SCOPE_A, parent: 'fn' }]), []);
      assert.deepEqual((await ctx.store.list(KIND, SCOPE_A)).map((d) => d.key), ['fn', 'fnx:1']);
      assert.equal(await ctx.store.count('gadget', SCOPE_A, 'fn'), 1);
      assert.equal(await ctx.store.count(KIND, SCOPE_C, 'fn'), 1);
    });
  });
}
