/** PublishVersion, ListVersionsByFunction (deleting a version is DeleteFunction with a Qualifier). */
import type { HandlerTable, OperationPolicy } from './types.js';
import { listVersionsByFunction, publishVersion } from '../../control/versions/service.js';

export const versionsHandlers: HandlerTable = {
  async PublishVersion(ctx, input) {
    return publishVersion(ctx.app, ctx.scope, input);
  },

  async ListVersionsByFunction(ctx, input) {
    return listVersionsByFunction(ctx.app, ctx.scope, input);
  },
};

export const versionsPolicies: Record<string, OperationPolicy> = {};
