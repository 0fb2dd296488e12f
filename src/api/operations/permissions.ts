/** Resource-based policies of functions, versions and aliases; installs the cross-account check. */
import type { FamilyDeps, HandlerTable, ResourceFamily } from './types.js';
import { addPermission, getPolicy, removePermission } from '../../control/permissions/service.js';
import { installPermissionChecks } from '../../control/permissions/check.js';
import { FUNCTION_POLICY_KIND, policyKey } from '../../control/permissions/records.js';
import { keyedByQualifier } from '../../control/dependants.js';

// Every request path imports this module, so the check is in place before the first request.
installPermissionChecks();

const handlers = (deps: FamilyDeps): HandlerTable => ({
  async AddPermission(ctx, input) {
    return addPermission(deps, ctx.scope, input);
  },

  async RemovePermission(ctx, input) {
    await removePermission(deps, ctx.scope, input);
  },

  async GetPolicy(ctx, input) {
    return getPolicy(deps, ctx.scope, input.FunctionName, input.Qualifier);
  },
});

export const permissionsFamily: ResourceFamily = { handlers, dependants: keyedByQualifier(FUNCTION_POLICY_KIND, policyKey) };
