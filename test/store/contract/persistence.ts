/** What survives a restart, and what two nodes sharing the same data see of each other. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreConflict } from '../../../src/store/types.js';
import { readFeed } from './changes.js';
import { type ContractContext, SCOPE_A, SCOPE_C } from './context.js';

const KIND = 'widget';

export function persistenceContract(ctx: ContractContext): void {
  describe('persistence', () => {
    it('keeps documents, seqs, the feed and leases across a close and reopen', async () => {
      const [seq] = await ctx.store.commit([
        { op: 'put', kind: KIND, scope: SCOPE_A, key: 'fn:1', parent: 'fn', doc: { kept: true } },
        { op: 'put', kind: KIND, scope: SCOPE_C, key: 'other', doc: { n: 2 } },
      ]);
      const lease = (await ctx.store.acquireLease('poller/1', 'node-a', 60_000))!;
      const feed = await readFeed(ctx.store);
      const head = await ctx.store.headPosition();

      const store = await ctx.reopen();
      assert.deepEqual(await store.get(KIND, SCOPE_A, 'fn:1'), { key: 'fn:1', parent: 'fn', doc: { kept: true }, seq });
      assert.deepEqual((await store.list(KIND, SCOPE_A, { parent: 'fn' })).map((d) => d.key), ['fn:1']);
      assert.deepEqual((await store.listAll(KIND)).map((d) => d.key), ['fn:1', 'other']);
      assert.equal(await store.headPosition(), head);
      assert.deepEqual(await readFeed(store), feed);
      assert.deepEqual(await store.currentLease('poller/1'), lease);
      assert.equal(await store.acquireLease('poller/1', 'node-b', 60_000), undefined);
      assert.ok(await store.renewLease(lease, 60_000), 'the holder keeps its term across the restart');

      const [next] = await store.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'fn:1', parent: 'fn', doc: {}, ifSeq: seq! }]);
      assert.ok(next! > head, `seq ${next} after the head ${head}`);
      ctx.clock.advance(60_000);
      const taken = (await store.acquireLease('poller/1', 'node-b', 60_000))!;
      assert.ok(taken.token > lease.token, 'tokens keep growing after a restart');
    });

    it('lets two nodes on the same data see each other’s writes, race fairly and share one feed', async () => {
      const a = ctx.store;
      const b = await ctx.open();
      const [seq] = await a.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'k', doc: { by: 'a' } }]);
      assert.deepEqual((await b.get(KIND, SCOPE_A, 'k'))!.doc, { by: 'a' });

      const results = await Promise.allSettled([a, b].map((node, i) =>
        node.commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: 'k', doc: { by: i }, ifSeq: seq! }])));
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      assert.ok(results.some((r) => r.status === 'rejected' && r.reason instanceof StoreConflict));

      const lease = (await a.acquireLease('queue/0', 'node-a', 10_000))!;
      assert.equal(await b.acquireLease('queue/0', 'node-b', 10_000), undefined);
      assert.deepEqual(await b.currentLease('queue/0'), lease);

      for (let i = 0; i < 4; i++) await (i % 2 ? a : b).commit([{ op: 'put', kind: KIND, scope: SCOPE_A, key: `n${i}`, doc: {} }]);
      const seenByA = await readFeed(a);
      assert.deepEqual(await readFeed(b), seenByA);
      assert.deepEqual(seenByA.slice(-4).map((c) => c.key), ['n0', 'n1', 'n2', 'n3']);
      assert.equal(new Set(seenByA.map((c) => c.position)).size, seenByA.length, 'no position given twice');
      assert.equal(await a.headPosition(), await b.headPosition());
    });
  });
}
