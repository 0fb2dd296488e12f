/** Reserved concurrency of functions, and provisioned concurrency of their versions and aliases. */
import type { HandlerTable, ResourceFamily } from './types.js';
import type { CodeCacheDep, EngineDep, EventsDep, ProvisioningDep, StoreDep } from '../../control/deps.js';
import { installConcurrency } from '../../control/concurrency/install.js';
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

/** What this family is built from. */
type Deps = StoreDep & CodeCacheDep & EngineDep & ProvisioningDep & EventsDep;

const handlers = (deps: Deps): HandlerTable => ({
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

export const concurrencyFamily: ResourceFamily<Deps> = {
  handlers,
  kinds: [RESERVED_CONCURRENCY_KIND, PROVISIONED_CONCURRENCY_KIND],
  start: installConcurrency,
  dependants: {
    ...provisioned,
    ofFunction: (scope, name) => [
      { op: 'delete', kind: RESERVED_CONCURRENCY_KIND, scope, key: name }, ...provisioned.ofFunction(scope, name),
    ],
  },
};
