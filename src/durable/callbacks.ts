/**
 * SendDurableExecutionCallbackSuccess, …Failure and …Heartbeat: a caller outside the function completes
 * a callback the workflow is waiting on, or keeps it alive. Completing one resumes the execution.
 */
import type { ErrorObject } from '../model/types.generated.js';
import type { Scope } from '../store/types.js';
import { CallbackTimeoutException } from '../errors/catalogue.js';
import { CALLBACK_KIND, type CallbackDoc } from './records.js';
import { errorOf, newEvent, payloadOf } from './history.js';
import { commitState, loadExecution, type LoadedExecution } from './store-io.js';
import type { DurableExecutions } from './service.js';
import { invalidCallbackId } from './lookup.js';
import type { OperationDoc } from './records.js';

const closed = () => new CallbackTimeoutException('The callback is either timed out or already completed', { type: 'User' });

type CallbackWork = (state: LoadedExecution, doc: OperationDoc) => Promise<void>;

async function withCallback(service: DurableExecutions, scope: Scope, callbackId: string, work: CallbackWork): Promise<void> {
  const callback = await service.store.get<CallbackDoc>(CALLBACK_KIND, scope, callbackId);
  if (!callback) throw invalidCallbackId();
  const { executionKey, operationId } = callback.doc;
  await service.lock(executionKey, async () => {
    const state = await loadExecution(service.store, scope, executionKey);
    const doc = state?.ops.get(operationId);
    if (!state || !doc || state.exec.status !== 'RUNNING' || doc.op.Status !== 'STARTED') throw closed();
    await work(state, doc);
  });
}

export type CallbackOutcome = { result: string | undefined } | { error: ErrorObject };

export async function completeCallback(service: DurableExecutions, scope: Scope, callbackId: string, outcome: CallbackOutcome): Promise<void> {
  await withCallback(service, scope, callbackId, async (state, doc) => {
    const now = service.now();
    const op = doc.op;
    op.EndTimestamp = now;
    delete doc.timeoutAt;
    delete doc.heartbeatAt;
    if ('error' in outcome) {
      op.Status = 'FAILED';
      op.CallbackDetails = { ...op.CallbackDetails, Error: outcome.error };
      await service.commitServiceChange(state, op.Id, [newEvent(state.exec, 'CallbackFailed', op, { Error: errorOf(outcome.error) }, now)]);
    } else {
      op.Status = 'SUCCEEDED';
      op.CallbackDetails = { ...op.CallbackDetails, ...(outcome.result !== undefined ? { Result: outcome.result } : {}) };
      await service.commitServiceChange(state, op.Id, [newEvent(state.exec, 'CallbackSucceeded', op, { Result: payloadOf(outcome.result) }, now)]);
    }
  });
}

/** A heartbeat moves the heartbeat deadline on; on a callback without one it changes nothing. */
export async function heartbeatCallback(service: DurableExecutions, scope: Scope, callbackId: string): Promise<void> {
  await withCallback(service, scope, callbackId, async (state, doc) => {
    if (doc.heartbeatSeconds === undefined) return;
    doc.heartbeatAt = service.now() + doc.heartbeatSeconds * 1000;
    await commitState(service.store, state, [doc.op.Id], []);
    service.afterChange(state);
  });
}
