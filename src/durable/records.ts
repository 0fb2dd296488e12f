/**
 * What a durable execution keeps in the store: the execution itself, its operations (the checkpoint
 * log the SDK replays from), its history events, and the callbacks that can resume it. Times are
 * milliseconds since the epoch here; the API answers in seconds.
 */
import type {
  DurableConfig, ErrorObject, ExecutionStatus, Operation,
} from '../model/types.generated.js';

export const EXECUTION_KIND = 'durable-execution';
/** Key `${executionKey}/${operationId}`, parent the execution's key. */
export const OPERATION_KIND = 'durable-operation';
/** Key `${executionKey}/${zero-padded event id}`, parent the execution's key. */
export const EVENT_KIND = 'durable-event';
/** Key: the callback id. */
export const CALLBACK_KIND = 'durable-callback';
/** Key `${function name}/${execution name}`: what makes a name start an execution only once. */
export const EXECUTION_NAME_KIND = 'durable-execution-name';

export const DURABLE_KINDS = [EXECUTION_KIND, OPERATION_KIND, EVENT_KIND, CALLBACK_KIND, EXECUTION_NAME_KIND] as const;

/** The invocation of the function that is running for an execution now. */
export interface ActiveInvocation {
  id: string;
  startedAt: number;
  /** The one checkpoint token that is good now: each checkpoint uses it up and answers the next. */
  token: string;
}

/** The operation of a parent execution a chained durable execution completes when it ends. */
export interface ParentLink {
  executionKey: string;
  operationId: string;
}

export interface ExecutionDoc {
  arn: string;
  name: string;
  id: string;
  functionName: string;
  /** `$LATEST` or a version number: what every invocation of the execution runs. */
  version: string;
  /** The function's ARN qualified with that version. */
  functionArn: string;
  status: ExecutionStatus;
  input: string;
  result?: string;
  error?: ErrorObject;
  startedAt: number;
  endedAt?: number;
  config: Required<Pick<DurableConfig, 'ExecutionTimeout' | 'RetentionPeriodInDays'>>;
  invocation?: ActiveInvocation;
  /** Operations changed since the function last saw them: UpdatedOperationIds and NewExecutionState. */
  dirty: string[];
  nextEventId: number;
  nextOrder: number;
  /** Invocations in a row that ended in an error rather than an answer from the SDK. */
  failedInvocations: number;
  /** When a failed invocation is tried again. */
  retryAt?: number;
  /** When the records are deleted, once the execution has ended. */
  expiresAt?: number;
  parent?: ParentLink;
  traceHeader?: string;
}

/** One operation of the checkpoint log, with what the service needs beyond what the SDK sees. */
export interface OperationDoc {
  op: Operation;
  /** Creation order: state and listings follow it. */
  order: number;
  /** A callback's deadline, and its heartbeat deadline and interval. */
  timeoutAt?: number;
  heartbeatAt?: number;
  heartbeatSeconds?: number;
  /** A chained invoke's target and input, kept so a restart can run it again. */
  chained?: { functionName: string; payload: string; childExecutionKey?: string };
}

export interface CallbackDoc { executionKey: string; operationId: string }

export interface ExecutionNameDoc { executionKey: string; input: string }

export function operationKey(executionKey: string, operationId: string): string {
  return `${executionKey}/${operationId}`;
}

export function eventKey(executionKey: string, eventId: number): string {
  return `${executionKey}/${String(eventId).padStart(10, '0')}`;
}

export function executionNameKey(functionName: string, name: string): string {
  return `${functionName}/${name}`;
}

export const TERMINAL: ReadonlySet<ExecutionStatus> = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'STOPPED']);
