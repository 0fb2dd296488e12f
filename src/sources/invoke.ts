/**
 * A poller's synchronous invocation of the mapping's function, through the same core as Invoke
 * (FunctionArn may carry a version or alias), with its outcome sorted the way pollers decide on it.
 */
import { randomUUID } from 'node:crypto';
import type { Scope } from '../store/types.js';
import { LambdaError } from '../errors/base.js';
import type { InvokeDeps } from '../control/invoke/run.js';
import type { DurableDep } from '../control/deps.js';
import { invokeWaiting } from '../durable/sync-invoke.js';
import type { BatchInvokeResult } from './types.js';

/** Throttles, service errors and a function not ready yet may pass later; a refusal (gone, too large) will not. */
export function retryablePlatformError(error: unknown): boolean {
  if (!(error instanceof LambdaError)) return true;
  return error.status === 429 || error.status >= 500 || error.code === 'ResourceConflictException';
}

export function platformErrorResult(requestId: string, error: unknown): BatchInvokeResult {
  const err = error instanceof Error ? error : new Error(String(error));
  return {
    kind: 'platform-error',
    requestId,
    error: err,
    code: error instanceof LambdaError ? error.code : 'ServiceException',
    retryable: retryablePlatformError(error),
  };
}

/** A durable function's whole execution is waited for, as AWS's pollers wait for it. */
export async function invokeForMapping(deps: InvokeDeps & DurableDep, scope: Scope, functionArn: string, event: unknown): Promise<BatchInvokeResult> {
  const requestId = randomUUID();
  try {
    const { result } = await invokeWaiting(deps, {
      caller: scope, functionName: functionArn, payload: Buffer.from(JSON.stringify(event)), requestId, tailLogs: false,
    });
    if (result.functionError) return { kind: 'function-error', requestId, payload: result.payload, functionError: result.functionError };
    return { kind: 'success', requestId, payload: result.payload };
  } catch (err) {
    return platformErrorResult(requestId, err);
  }
}
