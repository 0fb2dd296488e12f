/** Leases: one live term per name, renew and release, expiry by the injected clock, fencing tokens. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LEASE_CONFLICT_KIND, StoreConflict } from '../../../src/store/types.js';
import { type ContractContext, SCOPE_A } from './context.js';

const NAME = 'poller/mapping-1';
const TTL = 10_000;

export function leaseContract(ctx: ContractContext): void {
  describe('leases', () => {
    it('grants a free lease for its TTL from now, and reports it as current', async () => {
      const lease = await ctx.store.acquireLease(NAME, 'node-a', TTL);
      assert.ok(lease && Number.isSafeInteger(lease.token) && lease.token > 0, `lease ${JSON.stringify(lease)}`);
      assert.deepEqual(lease, { name: NAME, holder: 'node-a', token: lease.token, expiresAt: ctx.clock.t + TTL });
      assert.deepEqual(await ctx.store.currentLease(NAME), lease);
      assert.equal(await ctx.store.currentLease('poller/other'), undefined);
    });

    it('refuses another holder until the term expires, then grants a new term with a greater token', async () => {
      const first = (await ctx.store.acquireLease(NAME, 'node-a', TTL))!;
      assert.equal(await ctx.store.acquireLease(NAME, 'node-b', TTL), undefined);
      ctx.clock.advance(TTL - 1);
      assert.equal(await ctx.store.acquireLease(NAME, 'node-b', TTL), undefined);
      assert.equal((await ctx.store.currentLease(NAME))?.holder, 'node-a');
      ctx.clock.advance(1);
      assert.equal(await ctx.store.currentLease(NAME), undefined);
      const second = (await ctx.store.acquireLease(NAME, 'node-b', TTL))!;
      assert.equal(second.holder, 'node-b');
      assert.ok(second.token > first.token, `token ${second.token} after ${first.token}`);
      assert.equal(await ctx.store.renewLease(first, TTL), undefined);
      assert.equal(await ctx.store.releaseLease(first), false);
      assert.deepEqual(await ctx.store.currentLease(NAME), second);
    });

    it('renews a live term from now, keeping its token and keeping others out past the first expiry', async () => {
      const lease = (await ctx.store.acquireLease(NAME, 'node-a', TTL))!;
      ctx.clock.advance(TTL - 1);
      const renewed = (await ctx.store.renewLease(lease, TTL))!;
      assert.deepEqual(renewed, { ...lease, expiresAt: ctx.clock.t + TTL });
      ctx.clock.advance(TTL - 1);
      assert.equal(await ctx.store.acquireLease(NAME, 'node-b', TTL), undefined);
      assert.ok(await ctx.store.renewLease(lease, TTL), 'the term is renewed by token, not by the copy the holder keeps');
    });

    it('does not renew or release a term that expired, even when nobody took it', async () => {
      const lease = (await ctx.store.acquireLease(NAME, 'node-a', TTL))!;
      ctx.clock.advance(TTL);
      assert.equal(await ctx.store.renewLease(lease, TTL), undefined);
      assert.equal(await ctx.store.releaseLease(lease), false);
      const again = (await ctx.store.acquireLease(NAME, 'node-a', TTL))!;
      assert.ok(again.token > lease.token);
    });

    it('releases a term so another holder takes it at once; a released term stays dead', async () => {
      const lease = (await ctx.store.acquireLease(NAME, 'node-a', TTL))!;
      assert.equal(await ctx.store.releaseLease(lease), true);
      assert.equal(await ctx.store.releaseLease(lease), false);
      assert.equal(await ctx.store.currentLease(NAME), undefined);
      assert.equal(await ctx.store.renewLease(lease, TTL), undefined);
      const next = (await ctx.store.acquireLease(NAME, 'node-b', TTL))!;
      assert.ok(next.token > lease.token);
      assert.equal(await ctx.store.releaseLease({ ...next, holder: 'node-a' }), false, 'only the holder releases');
      assert.equal(await ctx.store.renewLease({ ...next, holder: 'node-a' }, TTL), undefined, 'only the holder renews');
      assert.deepEqual(await ctx.store.currentLease(NAME), next);
    });

    it('gives a holder that acquires again a new term; its old term can no longer be renewed', async () => {
      const first = (await ctx.store.acquireLease(NAME, 'node-a', TTL))!;
      const second = (await ctx.store.acquireLease(NAME, 'node-a', TTL))!;
      assert.ok(second.token > first.token);
      assert.equal(await ctx.store.renewLease(first, TTL), undefined);
      assert.ok(await ctx.store.renewLease(second, TTL));
    });

    it('keeps names independent', async () => {
      assert.ok(await ctx.store.acquireLease('queue/0', 'node-a', TTL));
      assert.ok(await ctx.store.acquireLease('queue/1', 'node-b', TTL));
      assert.equal(await ctx.store.acquireLease('queue/0', 'node-b', TTL), undefined);
    });

    it('lets exactly one of many racing holders win a free lease', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => ctx.store.acquireLease(NAME, `node-${i}`, TTL)));
      const winners = results.filter((r) => r !== undefined);
      assert.equal(winners.length, 1);
      assert.deepEqual(await ctx.store.currentLease(NAME), winners[0]);
    });

    it('fences a batch with requireLease: it applies while the term is live, and not at all once it is not', async () => {
      const lease = (await ctx.store.acquireLease(NAME, 'node-a', TTL))!;
      const write = (v: number, token = lease.token) => ctx.store.commit([
        { op: 'requireLease', name: NAME, token },
        { op: 'put', kind: 'checkpoint', scope: SCOPE_A, key: 'cp', doc: { v } },
      ]);
      await write(1);
      const fenced = async (promise: Promise<unknown>, name = NAME) => assert.rejects(promise, (err: unknown) =>
        err instanceof StoreConflict && err.kind === LEASE_CONFLICT_KIND && err.key === name && err.reason === 'lost');
      const head = await ctx.store.headPosition();
      await fenced(write(2, lease.token + 1));
      ctx.clock.advance(TTL);
      await fenced(write(3));
      await ctx.store.acquireLease(NAME, 'node-b', TTL);
      await fenced(write(4));
      assert.deepEqual((await ctx.store.get('checkpoint', SCOPE_A, 'cp'))!.doc, { v: 1 });
      assert.equal(await ctx.store.headPosition(), head, 'a fenced batch records no change');
      await fenced(ctx.store.commit([{ op: 'requireLease', name: 'never-granted', token: 1 }]), 'never-granted');
    });

    it('refuses a lease without a name or holder, or with a TTL that is not a positive integer', async () => {
      for (const ttl of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        await assert.rejects(ctx.store.acquireLease(NAME, 'node-a', ttl), RangeError, `ttl ${ttl}`);
      }
      await assert.rejects(ctx.store.acquireLease('', 'node-a', TTL), RangeError);
      await assert.rejects(ctx.store.acquireLease(NAME, '', TTL), RangeError);
      const lease = (await ctx.store.acquireLease(NAME, 'node-a', TTL))!;
      await assert.rejects(ctx.store.renewLease(lease, 0), RangeError);
      assert.deepEqual(await ctx.store.currentLease(NAME), lease);
    });
  });
}
