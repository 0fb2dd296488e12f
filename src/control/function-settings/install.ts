/** A function's recursion and runtime management settings go when the function goes. */
import type { App } from '../../app.js';
import { RECURSION_KIND, RUNTIME_MANAGEMENT_KIND } from './records.js';

export function installFunctionSettings(app: App): void {
  app.events.on('function-changed', ({ accountId, region, name, deleted }) => {
    if (!deleted) return;
    const scope = { accountId, region };
    app.store.commit([
      { op: 'delete', kind: RECURSION_KIND, scope, key: name },
      { op: 'deleteChildren', kind: RUNTIME_MANAGEMENT_KIND, scope, parent: name },
    ]).catch((err: unknown) => console.error('lambkin: function settings', err));
  });
}
