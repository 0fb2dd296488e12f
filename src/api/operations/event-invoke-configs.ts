/** Put/Update/Get/Delete/ListFunctionEventInvokeConfig(s): asynchronous invocation settings per qualifier. */
import type { HandlerTable, ResourceFamily } from './types.js';
import type { StoreDep } from '../../control/deps.js';
import {
  deleteEventInvokeConfig, getEventInvokeConfigOutput, listEventInvokeConfigs, putEventInvokeConfig, updateEventInvokeConfig,
} from '../../control/event-invoke-configs/service.js';
import { EVENT_INVOKE_CONFIG_KIND, configKey } from '../../control/event-invoke-configs/records.js';
import { keyedByQualifier } from '../../control/dependants.js';

/** What this family is built from. */
type Deps = StoreDep;

const handlers = (deps: Deps): HandlerTable => ({
  async PutFunctionEventInvokeConfig(ctx, input) {
    return putEventInvokeConfig(deps, ctx.scope, input);
  },

  async UpdateFunctionEventInvokeConfig(ctx, input) {
    return updateEventInvokeConfig(deps, ctx.scope, input);
  },

  async GetFunctionEventInvokeConfig(ctx, input) {
    return getEventInvokeConfigOutput(deps, ctx.scope, input.FunctionName, input.Qualifier);
  },

  async DeleteFunctionEventInvokeConfig(ctx, input) {
    await deleteEventInvokeConfig(deps, ctx.scope, input.FunctionName, input.Qualifier);
  },

  async ListFunctionEventInvokeConfigs(ctx, input) {
    return listEventInvokeConfigs(deps, ctx.scope, input.FunctionName, input.Marker, input.MaxItems);
  },
});

export const eventInvokeConfigsFamily: ResourceFamily<Deps> = { handlers, kinds: [EVENT_INVOKE_CONFIG_KIND], dependants: keyedByQualifier(EVENT_INVOKE_CONFIG_KIND, configKey) };
