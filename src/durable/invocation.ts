/**
 * One invocation of a durable function: the event it is given (the execution's ARN, a checkpoint token
 * and the operations to replay) and what its answer means for the execution.
 */
import type { ErrorObject } from '../model/types.generated.js';
import type { InvokeResult } from '../engine/index.js';
import type { OperationDoc } from './records.js';
import { replayedOperations, wireOperation } from './state-view.js';

/** Operations the invocation event carries at most; the SDK pages through the rest with GetDurableExecutionState. */
export const FIRST_PAGE = 100;
/** What their JSON may take of the 6 MB an invocation's payload is allowed. */
const FIRST_PAGE_BYTES = 4 * 1024 * 1024;

export function invocationEvent(arn: string, token: string, ops: ReadonlyMap<string, OperationDoc>, updated: readonly string[]): Buffer {
  const replayed = replayedOperations(ops);
  const page: unknown[] = [];
  let bytes = 0;
  for (const doc of replayed.slice(0, FIRST_PAGE)) {
    const op = wireOperation(doc.op, 'milliseconds');
    bytes += Buffer.byteLength(JSON.stringify(op));
    // The execution's own operation always comes first, however large its input.
    if (page.length > 0 && bytes > FIRST_PAGE_BYTES) break;
    page.push(op);
  }
  const state: { Operations: unknown[]; NextMarker?: string } = { Operations: page };
  if (replayed.length > page.length) state.NextMarker = String(page.length);
  return Buffer.from(JSON.stringify({
    DurableExecutionArn: arn,
    CheckpointToken: token,
    InitialExecutionState: state,
    UpdatedOperationIds: updated,
  }));
}

export type InvocationOutcome =
  | { kind: 'succeeded'; result?: string }
  | { kind: 'failed'; error: ErrorObject }
  | { kind: 'pending' }
  /** The invocation itself failed (an error the SDK did not turn into an answer, a timeout, a crash). */
  | { kind: 'errored'; error: ErrorObject };

function errorObjectOf(payload: Buffer): ErrorObject {
  try {
    const body = JSON.parse(payload.toString('utf8')) as { errorType?: unknown; errorMessage?: unknown; stackTrace?: unknown };
    const error: ErrorObject = {};
    if (typeof body.errorType === 'string') error.ErrorType = body.errorType;
    if (typeof body.errorMessage === 'string') error.ErrorMessage = body.errorMessage;
    if (Array.isArray(body.stackTrace)) error.StackTrace = body.stackTrace.filter((l): l is string => typeof l === 'string');
    return error;
  } catch {
    return { ErrorType: 'Runtime.Unknown', ErrorMessage: payload.toString('utf8') };
  }
}

export function outcomeOf(result: InvokeResult): InvocationOutcome {
  if (result.functionError) return { kind: 'errored', error: errorObjectOf(result.payload) };
  let answer: { Status?: unknown; Result?: unknown; Error?: unknown };
  try {
    answer = JSON.parse(result.payload.toString('utf8')) as typeof answer;
  } catch {
    return { kind: 'errored', error: { ErrorType: 'Runtime.InvalidResponse', ErrorMessage: 'The durable function did not return a durable execution status.' } };
  }
  switch (answer?.Status) {
    case 'SUCCEEDED':
      return typeof answer.Result === 'string' ? { kind: 'succeeded', result: answer.Result } : { kind: 'succeeded' };
    case 'FAILED':
      return { kind: 'failed', error: (answer.Error ?? {}) as ErrorObject };
    case 'PENDING':
      return { kind: 'pending' };
    default:
      return { kind: 'errored', error: { ErrorType: 'Runtime.InvalidResponse', ErrorMessage: 'The durable function did not return a durable execution status.' } };
  }
}
