/** CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases. */
import type { HandlerTable, OperationPolicy } from './types.js';
import {
  createAlias, deleteAlias, getAliasConfig, listAliases, updateAlias,
} from '../../control/aliases/service.js';

export const aliasesHandlers: HandlerTable = {
  async CreateAlias(ctx, input) {
    return createAlias(ctx.app, ctx.scope, input);
  },

  async GetAlias(ctx, input) {
    return getAliasConfig(ctx.app, ctx.scope, input.FunctionName, input.Name);
  },

  async UpdateAlias(ctx, input) {
    return updateAlias(ctx.app, ctx.scope, input);
  },

  async DeleteAlias(ctx, input) {
    await deleteAlias(ctx.app, ctx.scope, input.FunctionName, input.Name);
  },

  async ListAliases(ctx, input) {
    return listAliases(ctx.app, ctx.scope, input);
  },
};

export const aliasesPolicies: Record<string, OperationPolicy> = {};
