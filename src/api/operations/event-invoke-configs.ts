/** Put/Update/Get/Delete/ListFunctionEventInvokeConfig(s): asynchronous invocation settings per qualifier. */
import type { HandlerTable, OperationPolicy } from './types.js';
import {
  deleteEventInvokeConfig, getEventInvokeConfigOutput, listEventInvokeConfigs, putEventInvokeConfig, updateEventInvokeConfig,
} from '../../control/event-invoke-configs/service.js';

export const eventInvokeConfigsHandlers: HandlerTable = {
  async PutFunctionEventInvokeConfig(ctx, input) {
    return putEventInvokeConfig(ctx.app, ctx.scope, input);
  },

  async UpdateFunctionEventInvokeConfig(ctx, input) {
    return updateEventInvokeConfig(ctx.app, ctx.scope, input);
  },

  async GetFunctionEventInvokeConfig(ctx, input) {
    return getEventInvokeConfigOutput(ctx.app, ctx.scope, input.FunctionName, input.Qualifier);
  },

  async DeleteFunctionEventInvokeConfig(ctx, input) {
    await deleteEventInvokeConfig(ctx.app, ctx.scope, input.FunctionName, input.Qualifier);
  },

  async ListFunctionEventInvokeConfigs(ctx, input) {
    return listEventInvokeConfigs(ctx.app, ctx.scope, input.FunctionName, input.Marker, input.MaxItems);
  },
};

export const eventInvokeConfigsPolicies: Record<string, OperationPolicy> = {};
