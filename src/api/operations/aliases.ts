/** CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases. */
import type { HandlerTable, ResourceFamily } from './types.js';
import type { DependantsDep, StoreDep } from '../../control/deps.js';
import {
  createAlias, deleteAlias, getAliasConfig, listAliases, updateAlias,
} from '../../control/aliases/service.js';
import { ALIAS_KIND } from '../../control/aliases/records.js';

/** What this family is built from. */
type Deps = StoreDep & DependantsDep;

const handlers = (deps: Deps): HandlerTable => ({
  async CreateAlias(ctx, input) {
    return createAlias(deps, ctx.scope, input);
  },

  async GetAlias(ctx, input) {
    return getAliasConfig(deps, ctx.scope, input.FunctionName, input.Name);
  },

  async UpdateAlias(ctx, input) {
    return updateAlias(deps, ctx.scope, input);
  },

  async DeleteAlias(ctx, input) {
    await deleteAlias(deps, ctx.scope, input.FunctionName, input.Name);
  },

  async ListAliases(ctx, input) {
    return listAliases(deps, ctx.scope, input);
  },
});

export const aliasesFamily: ResourceFamily<Deps> = {
  handlers,
  kinds: [ALIAS_KIND],
  // A version an alias routes to cannot be deleted, so only a function delete takes aliases along.
  dependants: { ofFunction: (scope, name) => [{ op: 'deleteChildren', kind: ALIAS_KIND, scope, parent: name }] },
};
