/** Resource-based policies of functions, versions and aliases, and the cross-account check they drive. */
import type { HandlerTable, ResourceFamily } from './types.js';
import type { StoreDep } from '../../control/deps.js';
import { addPermission, getPolicy, removePermission } from '../../control/permissions/service.js';
import { installPermissionChecks } from '../../control/permissions/check.js';
import { FUNCTION_POLICY_KIND, policyKey } from '../../control/permissions/records.js';
import { keyedByQualifier } from '../../control/dependants.js';

/** What this family is built from. */
type Deps = StoreDep;

const handlers = (deps: Deps): HandlerTable => ({
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

export const permissionsFamily: ResourceFamily<Deps> = {
  handlers,
  kinds: [FUNCTION_POLICY_KIND],
  start: installPermissionChecks,
  dependants: keyedByQualifier(FUNCTION_POLICY_KIND, policyKey),
};
