/**
 * The contract every metadata store backend passes. A backend joins with one test file:
 *
 *   runMetadataStoreContract('postgres', async () => ({ open: (options) => ..., dispose: async () => ... }));
 *
 * `open` may be called several times on one harness: after the previous store was closed (a restart)
 * or while it is still open (a second node sharing the same data). docs/store.md describes the contract.
 */
import { afterEach, beforeEach, describe } from 'node:test';
import { batchContract } from './batches.js';
import { ContractContext, type StoreHarness } from './context.js';
import { changeFeedContract } from './changes.js';
import { documentContract } from './documents.js';
import { leaseContract } from './leases.js';
import { listingContract } from './listing.js';
import { persistenceContract } from './persistence.js';

export function runMetadataStoreContract(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`MetadataStore contract: ${name}`, () => {
    const ctx = new ContractContext(makeHarness);
    beforeEach(() => ctx.setUp());
    afterEach(() => ctx.tearDown());
    documentContract(ctx);
    listingContract(ctx);
    batchContract(ctx);
    leaseContract(ctx);
    changeFeedContract(ctx);
    persistenceContract(ctx);
  });
}

export type { StoreHarness } from './context.js';
