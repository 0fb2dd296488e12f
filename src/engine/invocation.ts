import { randomBytes } from 'node:crypto';
import { exitText, platformError } from './errors.js';
import { timeoutText } from './logs/platform.js';
import { tailText } from './log-capture.js';
import type { FunctionSnapshot, InvokeParams, InvokeResult } from './types.js';

/** One invocation as its environment tracks it, from invoke() to its result. */
export interface Invocation {
  params: InvokeParams;
  resolve(result: InvokeResult): void;
  /** Handed to the runtime (its `next` was answered). */
  delivered: boolean;
  /** Ended: its result is settled, later posts for it are refused. */
  done: boolean;
  startedAt: number;
  /** This invocation's log text, kept only when the caller wants the tail. */
  tail?: string[];
}

/** How an invocation ended. */
export interface Outcome {
  payload: Buffer;
  functionError?: 'Unhandled';
  streamed?: InvokeResult['streamed'];
  contentType?: string;
  /** Ended by the platform: REPORT carries Status (and Error Type). */
  status?: 'timeout' | 'error';
  errorType?: string;
  /** The error type the runtime named when it posted the function's error. */
  functionErrorType?: string;
}

export function newInvocation(params: InvokeParams, resolve: (result: InvokeResult) => void): Invocation {
  const inv: Invocation = { params, resolve, delivered: false, done: false, startedAt: 0 };
  if (params.tailLogs) inv.tail = [];
  return inv;
}

/** The headers of the `next` answer that hands an invocation to the runtime, as a flat name, value list. */
export function deliveryHeaders(fn: FunctionSnapshot, params: InvokeParams): string[] {
  const headers = [
    'Content-Type', 'application/json',
    'Lambda-Runtime-Aws-Request-Id', params.requestId,
    'Lambda-Runtime-Deadline-Ms', String(Date.now() + fn.timeout * 1000),
    'Lambda-Runtime-Invoked-Function-Arn', params.invokedFunctionArn ?? fn.functionArn,
    'Lambda-Runtime-Trace-Id', params.traceId ?? newTraceId(),
  ];
  if (params.clientContext) headers.push('Lambda-Runtime-Client-Context', params.clientContext);
  if (params.cognitoIdentity) headers.push('Lambda-Runtime-Cognito-Identity', params.cognitoIdentity);
  return headers;
}

export function timedOutOutcome(requestId: string, timeoutSeconds: number): Outcome {
  const message = `RequestId: ${requestId} Error: ${timeoutText(timeoutSeconds)}`;
  return { payload: platformError('Sandbox.Timedout', message), functionError: 'Unhandled', status: 'timeout' };
}

/** The runtime died under an invocation; `message` is also what its log says. */
export function exitedOutcome(requestId: string, code: number | null, signal: NodeJS.Signals | null, oom: boolean): Outcome & { message: string } {
  const errorType = oom ? 'Runtime.OutOfMemory' : 'Runtime.ExitError';
  const why = exitText(code, signal);
  const message = why
    ? `RequestId: ${requestId} Error: Runtime exited with error: ${why}`
    : `RequestId: ${requestId} Error: Runtime exited without providing a reason`;
  return { payload: platformError(errorType, message), functionError: 'Unhandled', status: 'error', errorType, message };
}

/** The environment was stopped (retired, killed) with the invocation still open. */
export function abandonedOutcome(requestId: string): Outcome {
  return {
    payload: platformError('Runtime.ExitError', `RequestId: ${requestId} Error: Runtime exited without providing a reason`),
    functionError: 'Unhandled',
    status: 'error',
    errorType: 'Runtime.ExitError',
  };
}

export function invokeResult(inv: Invocation, outcome: Outcome, durationMs: number, initDurationMs: number | undefined): InvokeResult {
  const result: InvokeResult = { payload: outcome.payload, durationMs };
  if (outcome.functionError) result.functionError = outcome.functionError;
  if (outcome.streamed) result.streamed = outcome.streamed;
  if (outcome.contentType) result.contentType = outcome.contentType;
  if (initDurationMs !== undefined) result.initDurationMs = initDurationMs;
  if (outcome.status) result.platformStatus = outcome.status;
  if (outcome.errorType) result.platformErrorType = outcome.errorType;
  if (outcome.functionErrorType) result.functionErrorType = outcome.functionErrorType;
  if (inv.tail) result.logTail = tailText(inv.tail);
  return result;
}

/**
 * X-Ray ids without random bytes per invocation: a random prefix per server process and a counter.
 * Unique within the process by the counter, across processes and restarts by the prefix.
 */
const TRACE_PREFIX = randomBytes(6).toString('hex');
const PARENT_PREFIX = randomBytes(2).toString('hex');
let traceCounter = 0;

function newTraceId(): string {
  const n = (++traceCounter).toString(16).padStart(12, '0');
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${TRACE_PREFIX}${n};Parent=${PARENT_PREFIX}${n};Sampled=0`;
}
