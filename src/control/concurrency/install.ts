/**
 * Start-up wiring of the concurrency family: the engine gets every stored reservation back, and forgets
 * a deleted function's (the stored settings go in the delete's own batch); the allocator provisions
 * every stored provisioned concurrency config again and follows their changes.
 */
import type { CodeCacheDep, EngineDep, EventsDep, ProvisioningDep, StoreDep } from '../deps.js';
import { ProvisionedAllocator } from './provisioning.js';
import { functionArn } from '../arn.js';
import { RESERVED_CONCURRENCY_KIND, type ReservedConcurrencyDoc } from './records.js';

async function restoreReservations(deps: StoreDep & EngineDep): Promise<void> {
  for (const { key, doc, scope } of await deps.store.listAll<ReservedConcurrencyDoc>(RESERVED_CONCURRENCY_KIND)) {
    deps.engine.setReservedConcurrency(functionArn({ ...scope, name: key }), doc.reserved);
  }
}

export function installConcurrency(deps: StoreDep & CodeCacheDep & EngineDep & ProvisioningDep & EventsDep): void {
  restoreReservations(deps).catch((err: unknown) => console.error('lambkin: concurrency settings', err));
  new ProvisionedAllocator(deps, (m) => console.error(m)).start();
  deps.events.on('function-changed', ({ accountId, region, name, deleted }) => {
    if (deleted) deps.engine.setReservedConcurrency(functionArn({ accountId, region, name }), undefined);
  });
}
