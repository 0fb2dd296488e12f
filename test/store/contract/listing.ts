/**
 * Listing as the control plane pages through it: ascending binary key order, `after` strictly
 * greater, `limit`, a parent's children (versions under `name:0000000001` keys), and listAll.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ContractContext, SCOPE_A, SCOPE_B, SCOPE_C } from './context.js';

const KIND = 'widget';
/** Keys whose binary order differs from case-insensitive or locale order. */
const KEYS = ['b', 'a', 'B', 'a:2', 'a2', 'a-1', 'a_1', 'é', '0', 'Z', 'a'.repeat(3)];
const binaryOrder = (keys: string[]) => [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));

export function listingContract(ctx: ContractContext): void {
  describe('listing', () => {
    it('lists a scope in ascending binary order of key', async () => {
      await ctx.store.commit(KEYS.map((key) => ({ op: 'put' as const, kind: KIND, scope: SCOPE_A, key, doc: { key } })));
      const listed = await ctx.store.list<{ key: string }>(KIND, SCOPE_A);
      assert.deepEqual(listed.map((d) => d.key), binaryOrder(KEYS));
      assert.deepEqual(listed.map((d) => d.doc.key), binaryOrder(KEYS));
      assert.deepEqual(binaryOrder(KEYS).slice(0, 4), ['0', 'B', 'Z', 'a']);
    });

    it('pages with after (strictly greater, present or not) and limit, each key once', async () => {
      await ctx.store.commit(KEYS.map((key) => ({ op: 'put' as const, kind: KIND, scope: SCOPE_A, key, doc: {} })));
      const all = binaryOrder(KEYS);
      assert.deepEqual((await ctx.store.list(KIND, SCOPE_A, { limit: 3 })).map((d) => d.key), all.slice(0, 3));
      assert.deepEqual((await ctx.store.list(KIND, SCOPE_A, { after: 'a' })).map((d) => d.key), all.slice(all.indexOf('a') + 1));
      assert.deepEqual((await ctx.store.list(KIND, SCOPE_A, { after: 'a0', limit: 2 })).map((d) => d.key), ['a2', 'a:2']);
      assert.deepEqual(await ctx.store.list(KIND, SCOPE_A, { after: 'é' }), []);
      const paged: string[] = [];
      for (let after: string | undefined; ;) {
        const page = await ctx.store.list(KIND, SCOPE_A, { ...(after === undefined ? {} : { after }), limit: 4 });
        paged.push(...page.map((d) => d.key));
        if (page.length < 4) break;
        after = page.at(-1)!.key;
      }
      assert.deepEqual(paged, all);
    });

    it('lists one parent’s children in key order, with after and limit, as version listings do', async () => {
      const versionKey = (name: string, n: number) => `${name}:${String(n).padStart(10, '0')}`;
      await ctx.store.commit([
        ...[12, 3, 1, 100, 2].map((n) => ({ op: 'put' as const, kind: KIND, scope: SCOPE_A, key: versionKey('fn', n), parent: 'fn', doc: { n } })),
        { op: 'put', kind: KIND, scope: SCOPE_A, key: versionKey('fn-other', 1), parent: 'fn-other', doc: { n: -1 } },
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'fn', doc: { n: 0 } },
        { op: 'put', kind: KIND, scope: SCOPE_B, key: versionKey('fn', 7), parent: 'fn', doc: { n: 7 } },
      ]);
      const numbers = async (options: object) => (await ctx.store.list<{ n: number }>(KIND, SCOPE_A, { parent: 'fn', ...options })).map((d) => d.doc.n);
      assert.deepEqual(await numbers({}), [1, 2, 3, 12, 100]);
      assert.deepEqual(await numbers({ limit: 2 }), [1, 2]);
      assert.deepEqual(await numbers({ after: versionKey('fn', 2), limit: 2 }), [3, 12]);
      assert.deepEqual(await numbers({ after: versionKey('fn', 12) }), [100]);
      assert.deepEqual((await ctx.store.list(KIND, SCOPE_A, { parent: 'fn' })).map((d) => d.parent), ['fn', 'fn', 'fn', 'fn', 'fn']);
    });

    it('lists every scope of one kind with listAll, by account, region and key, naming each scope', async () => {
      await ctx.store.commit([
        { op: 'put', kind: KIND, scope: SCOPE_C, key: 'c', doc: { at: 'C' } },
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'b', doc: { at: 'A' } },
        { op: 'put', kind: KIND, scope: SCOPE_B, key: 'z', parent: 'p', doc: { at: 'B' } },
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'a', doc: { at: 'A' } },
        { op: 'put', kind: 'gadget', scope: SCOPE_A, key: 'x', doc: {} },
      ]);
      const all = await ctx.store.listAll<{ at: string }>(KIND);
      assert.deepEqual(all.map(({ scope, key, parent, doc }) => ({ scope, key, parent, doc })), [
        { scope: SCOPE_B, key: 'z', parent: 'p', doc: { at: 'B' } },
        { scope: SCOPE_A, key: 'a', parent: '', doc: { at: 'A' } },
        { scope: SCOPE_A, key: 'b', parent: '', doc: { at: 'A' } },
        { scope: SCOPE_C, key: 'c', parent: '', doc: { at: 'C' } },
      ]);
      for (const d of all) assert.equal(d.seq, (await ctx.store.get(KIND, d.scope, d.key))!.seq);
      assert.deepEqual(await ctx.store.listAll('nothing'), []);
    });
  });
}
