/** Resource-based policies of functions, versions and aliases; installs the cross-account check. */
import type { HandlerTable, OperationPolicy } from './types.js';
import { addPermission, getPolicy, removePermission } from '../../control/permissions/service.js';
import { installPermissionChecks } from '../../control/permissions/check.js';

// Every request path imports this module, so the check is in place before the first request.
installPermissionChecks();

export const permissionsHandlers: HandlerTable = {
  async AddPermission(ctx, input) {
    return addPermission(ctx.app, ctx.scope, input);
  },

  async RemovePermission(ctx, input) {
    await removePermission(ctx.app, ctx.scope, input);
  },

  async GetPolicy(ctx, input) {
    return getPolicy(ctx.app, ctx.scope, input.FunctionName, input.Qualifier);
  },
};

export const permissionsPolicies: Record<string, OperationPolicy> = {};
