/** Reserved concurrency of functions, and provisioned concurrency of their versions and aliases. */
import type { HandlerTable, OperationPolicy } from './types.js';
import {
  deleteFunctionConcurrency, getFunctionConcurrency, putFunctionConcurrency,
} from '../../control/concurrency/reserved.js';
import {
  deleteProvisionedConcurrencyConfig, getProvisionedConcurrencyConfig, listProvisionedConcurrencyConfigs,
  putProvisionedConcurrencyConfig,
} from '../../control/concurrency/provisioned.js';

export const concurrencyHandlers: HandlerTable = {
  async PutFunctionConcurrency(ctx, input) {
    return putFunctionConcurrency(ctx.app, ctx.scope, input.FunctionName, input.ReservedConcurrentExecutions);
  },

  async GetFunctionConcurrency(ctx, input) {
    return getFunctionConcurrency(ctx.app, ctx.scope, input.FunctionName);
  },

  async DeleteFunctionConcurrency(ctx, input) {
    await deleteFunctionConcurrency(ctx.app, ctx.scope, input.FunctionName);
  },

  async PutProvisionedConcurrencyConfig(ctx, input) {
    return putProvisionedConcurrencyConfig(ctx.app, ctx.scope, input);
  },

  async GetProvisionedConcurrencyConfig(ctx, input) {
    return getProvisionedConcurrencyConfig(ctx.app, ctx.scope, input.FunctionName, input.Qualifier);
  },

  async DeleteProvisionedConcurrencyConfig(ctx, input) {
    await deleteProvisionedConcurrencyConfig(ctx.app, ctx.scope, input.FunctionName, input.Qualifier);
  },

  async ListProvisionedConcurrencyConfigs(ctx, input) {
    return listProvisionedConcurrencyConfigs(ctx.app, ctx.scope, input);
  },
};

export const concurrencyPolicies: Record<string, OperationPolicy> = {};
