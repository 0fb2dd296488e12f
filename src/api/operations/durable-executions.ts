/** Durable executions: the SDK's checkpoint and state calls, callbacks, and reading and stopping executions. */
import type { HandlerTable, ResourceFamily } from './types.js';
import type { DurableDep, StoreDep } from '../../control/deps.js';
import { loadFunction } from '../../control/functions/service.js';
import { DURABLE_KINDS } from '../../durable/records.js';
import { checkpoint, executionState } from '../../durable/checkpoint.js';
import { completeCallback, heartbeatCallback } from '../../durable/callbacks.js';
import { executionHistory, getExecution, listExecutions } from '../../durable/queries.js';
import { stopExecution } from '../../durable/stop.js';

/** What this family is built from. */
type Deps = StoreDep & DurableDep;

const handlers = (deps: Deps): HandlerTable => ({
  async CheckpointDurableExecution(_ctx, input) {
    return checkpoint(deps.durable, input);
  },

  async GetDurableExecutionState(_ctx, input) {
    return executionState(deps.durable, input);
  },

  async GetDurableExecution(ctx, input) {
    return getExecution(deps.store, ctx.scope, input.DurableExecutionArn, input.IncludeExecutionData ?? true);
  },

  async GetDurableExecutionHistory(ctx, input) {
    return executionHistory(deps.store, ctx.scope, input);
  },

  async ListDurableExecutionsByFunction(ctx, input) {
    const loaded = await loadFunction(deps, ctx.scope, input.FunctionName, 'ListDurableExecutionsByFunction', input.Qualifier);
    // Executions name the version they run, so an alias stands for the version it points to.
    const version = loaded.qualified?.alias ? loaded.qualified.version.config.Version : loaded.ref.qualifier;
    return listExecutions(deps.store, loaded.scope, loaded.ref.name, { ...input, ...(version !== undefined ? { Qualifier: version } : {}) });
  },

  async StopDurableExecution(ctx, input) {
    return stopExecution(deps.durable, ctx.scope, input.DurableExecutionArn, input.Error);
  },

  async SendDurableExecutionCallbackSuccess(ctx, input) {
    const bytes = input.Result;
    const result = bytes && bytes.length > 0 ? Buffer.from(bytes).toString('utf8') : undefined;
    await completeCallback(deps.durable, ctx.scope, input.CallbackId, { result });
    return {};
  },

  async SendDurableExecutionCallbackFailure(ctx, input) {
    await completeCallback(deps.durable, ctx.scope, input.CallbackId, { error: input.Error ?? {} });
    return {};
  },

  async SendDurableExecutionCallbackHeartbeat(ctx, input) {
    await heartbeatCallback(deps.durable, ctx.scope, input.CallbackId);
    return {};
  },
});

export const durableExecutionsFamily: ResourceFamily<Deps> = {
  handlers,
  kinds: DURABLE_KINDS,
};
