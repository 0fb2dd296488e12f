/** Reserved concurrency of functions, and provisioned concurrency of their versions and aliases. */
import type { FamilyDeps, HandlerTable, ResourceFamily } from './types.js';
import {
  deleteFunctionConcurrency, getFunctionConcurrency, putFunctionConcurrency,
} from '../../control/concurrency/reserved.js';
import {
  deleteProvisionedConcurrencyConfig, getProvisionedConcurrencyConfig, listProvisionedConcurrencyConfigs,
  putProvisionedConcurrencyConfig,
} from '../../control/concurrency/provisioned.js';
import { PROVISIONED_CONCURRENCY_KIND, RESERVED_CONCURRENCY_KIND, provisionedKey } from '../../control/concurrency/records.js';
import { keyedByQualifier } from '../../control/dependants.js';

const provisioned = keyedByQualifier(PROVISIONED_CONCURRENCY_KIND, provisionedKey);

const handlers = (deps: FamilyDeps): HandlerTable => ({
  async PutFunctionConcurrency(ctx, input) {
    return putFunctionConcurrency(deps, ctx.scope, input.FunctionName, input.ReservedConcurrentExecutions);
  },

  async GetFunctionConcurrency(ctx, input) {
    return getFunctionConcurrency(deps, ctx.scope, input.FunctionName);
  },

  async DeleteFunctionConcurrency(ctx, input) {
    await deleteFunctionConcurrency(deps, ctx.scope, input.FunctionName);
  },

  async PutProvisionedConcurrencyConfig(ctx, input) {
    return putProvisionedConcurrencyConfig(deps, ctx.scope, input);
  },

  async GetProvisionedConcurrencyConfig(ctx, input) {
    return getProvisionedConcurrencyConfig(deps, ctx.scope, input.FunctionName, input.Qualifier);
  },

  async DeleteProvisionedConcurrencyConfig(ctx, input) {
    await deleteProvisionedConcurrencyConfig(deps, ctx.scope, input.FunctionName, input.Qualifier);
  },

  async ListProvisionedConcurrencyConfigs(ctx, input) {
    return listProvisionedConcurrencyConfigs(deps, ctx.scope, input);
  },
});

export const concurrencyFamily: ResourceFamily = {
  handlers,
  dependants: {
    ...provisioned,
    ofFunction: (scope, name) => [
      { op: 'delete', kind: RESERVED_CONCURRENCY_KIND, scope, key: name }, ...provisioned.ofFunction!(scope, name),
    ],
  },
};
