/**
 * Start-up wiring of the concurrency family: the engine gets every stored reservation back, and a
 * function's concurrency settings (and its other per-function settings) go when the function goes.
 */
import type { App } from '../../app.js';
import type { Scope } from '../../store/types.js';
import { functionArn } from '../arn.js';
import { installFunctionSettings } from '../function-settings/install.js';
import { pruneProvisioned } from './provisioned.js';
import { PROVISIONED_CONCURRENCY_KIND, RESERVED_CONCURRENCY_KIND, type ReservedConcurrencyDoc } from './records.js';

async function restoreReservations(app: App): Promise<void> {
  for (const { key, doc, scope } of await app.store.listAll<ReservedConcurrencyDoc>(RESERVED_CONCURRENCY_KIND)) {
    app.engine.setReservedConcurrency(functionArn({ ...scope, name: key }), doc.reserved);
  }
}

async function forgetFunction(app: App, scope: Scope, name: string): Promise<void> {
  await app.store.commit([
    { op: 'delete', kind: RESERVED_CONCURRENCY_KIND, scope, key: name },
    { op: 'deleteChildren', kind: PROVISIONED_CONCURRENCY_KIND, scope, parent: name },
  ]);
  app.engine.setReservedConcurrency(functionArn({ ...scope, name }), undefined);
}

function report(err: unknown): void {
  console.error('lambkin: concurrency settings', err);
}

export function installConcurrency(app: App): void {
  restoreReservations(app).catch(report);
  app.events.on('function-changed', ({ accountId, region, name, deleted }) => {
    const scope: Scope = { accountId, region };
    const work = deleted ? forgetFunction(app, scope, name) : pruneProvisioned(app, scope, name);
    work.catch(report);
  });
  installFunctionSettings(app);
}
