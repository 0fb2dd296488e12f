/**
 * Start-up wiring of the concurrency family: the engine gets every stored reservation back, and forgets
 * a deleted function's (the stored settings go in the delete's own batch).
 */
import type { App } from '../../app.js';
import { functionArn } from '../arn.js';
import { RESERVED_CONCURRENCY_KIND, type ReservedConcurrencyDoc } from './records.js';

async function restoreReservations(app: App): Promise<void> {
  for (const { key, doc, scope } of await app.store.listAll<ReservedConcurrencyDoc>(RESERVED_CONCURRENCY_KIND)) {
    app.engine.setReservedConcurrency(functionArn({ ...scope, name: key }), doc.reserved);
  }
}

export function installConcurrency(app: App): void {
  restoreReservations(app).catch((err: unknown) => console.error('lambkin: concurrency settings', err));
  app.events.on('function-changed', ({ accountId, region, name, deleted }) => {
    if (deleted) app.engine.setReservedConcurrency(functionArn({ accountId, region, name }), undefined);
  });
}
