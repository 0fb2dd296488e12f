/** Create/Get/Update/Delete/ListFunctionUrlConfig(s): a function's or an alias's HTTP address and its settings. */
import type { HandlerTable, ResourceFamily } from './types.js';
import type { FunctionUrlBaseDep, StoreDep } from '../../control/deps.js';
import {
  createFunctionUrlConfig, deleteFunctionUrlConfig, getFunctionUrlConfig, listFunctionUrlConfigs, updateFunctionUrlConfig,
} from '../../control/function-urls/service.js';
import { FUNCTION_URL_KIND, functionUrlKey } from '../../control/function-urls/records.js';
import { keyedByQualifier } from '../../control/dependants.js';

/** What this family is built from. */
type Deps = StoreDep & FunctionUrlBaseDep;

const handlers = (deps: Deps): HandlerTable => ({
  async CreateFunctionUrlConfig(ctx, input) {
    return createFunctionUrlConfig(deps, ctx.scope, input);
  },

  async GetFunctionUrlConfig(ctx, input) {
    return getFunctionUrlConfig(deps, ctx.scope, input.FunctionName, input.Qualifier);
  },

  async UpdateFunctionUrlConfig(ctx, input) {
    return updateFunctionUrlConfig(deps, ctx.scope, input);
  },

  async DeleteFunctionUrlConfig(ctx, input) {
    await deleteFunctionUrlConfig(deps, ctx.scope, input.FunctionName, input.Qualifier);
  },

  async ListFunctionUrlConfigs(ctx, input) {
    return listFunctionUrlConfigs(deps, ctx.scope, input.FunctionName, input.Marker, input.MaxItems);
  },
});

export const functionUrlsFamily: ResourceFamily<Deps> = {
  handlers,
  kinds: [FUNCTION_URL_KIND],
  // A URL config belongs to the function ($LATEST) or to one alias; versions never have one.
  dependants: keyedByQualifier(FUNCTION_URL_KIND, functionUrlKey),
};
