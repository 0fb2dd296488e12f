/**
 * A synchronous invoke made by Lambkin itself (event source mappings): a durable function's execution is
 * started and waited for, as AWS's pollers do, and its end is answered as the function's result.
 */
import type { DurableDep } from '../control/deps.js';
import {
  resolveInvoke, runResolved, type InvokeDeps, type InvokeOutcome, type InvokeRequest, type ResolvedInvoke,
} from '../control/invoke/run.js';
import type { DurableConfig } from '../model/types.generated.js';
import type { ExecutionDoc } from './records.js';
import { checkDurableInvoke, durableConfigOf, startExecution } from './invoke-durable.js';

/** What a caller waiting for a durable execution gets: its result, or its error as a function error. */
export function answerOfEnded(exec: ExecutionDoc): { payload: Buffer; functionError?: 'Unhandled' } {
  if (exec.status === 'SUCCEEDED') return { payload: Buffer.from(exec.result ?? '') };
  const error = exec.error ?? {};
  const body = {
    errorType: error.ErrorType ?? (exec.status === 'FAILED' ? 'Error' : exec.status),
    errorMessage: error.ErrorMessage ?? '',
    ...(error.StackTrace ? { stackTrace: error.StackTrace } : {}),
  };
  return { payload: Buffer.from(JSON.stringify(body)), functionError: 'Unhandled' };
}

/** Starts an execution for a caller that waits for it, and answers its end as one synchronous invoke's result. */
export async function runToEnd(deps: DurableDep, resolved: ResolvedInvoke, config: DurableConfig, payload: Buffer): Promise<InvokeOutcome> {
  checkDurableInvoke(resolved, config, 'RequestResponse');
  const started = await startExecution(deps.durable, { resolved, config, input: payload.toString('utf8') || '{}' });
  const ended = await deps.durable.ended(resolved.loaded.scope, started.key);
  const startedAt = started.exec.startedAt;
  return { result: { ...answerOfEnded(ended), durationMs: (ended.endedAt ?? startedAt) - startedAt }, executedVersion: ended.version };
}

export async function invokeWaiting(deps: InvokeDeps & DurableDep, req: InvokeRequest): Promise<InvokeOutcome> {
  const resolved = await resolveInvoke(deps, req.caller, req.functionName, req.qualifier);
  const config = durableConfigOf(resolved);
  return config ? runToEnd(deps, resolved, config, req.payload) : runResolved(deps, resolved, req);
}
