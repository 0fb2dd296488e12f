/**
 * Applies a checkpoint's updates to an execution's operations: each update changes or creates one
 * operation and records the history event it stands for. Pure: the caller loads the state, and commits
 * what this returns in one batch.
 */
import type { Event, Operation, OperationUpdate } from '../model/types.generated.js';
import type { ExecutionDoc, OperationDoc } from './records.js';
import { errorOf, newEvent, payloadOf, seconds } from './history.js';

export interface ExecutionState {
  exec: ExecutionDoc;
  /** Every operation of the execution by id; changed in place. */
  ops: Map<string, OperationDoc>;
}

export interface Applied {
  changed: Set<string>;
  events: Event[];
  /** Callback ids created, with their operation. */
  callbacks: { callbackId: string; operationId: string }[];
  /** Chained invokes to run once the batch is committed. */
  chained: string[];
  /** Set when an EXECUTION update ended the execution. */
  ended?: 'SUCCEEDED' | 'FAILED';
}

export interface ApplyContext {
  now: number;
  newCallbackId(): string;
}

function created(state: ExecutionState, update: OperationUpdate, now: number): OperationDoc {
  const op: Operation = { Id: update.Id, Type: update.Type, StartTimestamp: now, Status: 'STARTED' };
  if (update.ParentId !== undefined) op.ParentId = update.ParentId;
  if (update.Name !== undefined) op.Name = update.Name;
  if (update.SubType !== undefined) op.SubType = update.SubType;
  const doc: OperationDoc = { op, order: state.exec.nextOrder++ };
  state.ops.set(update.Id, doc);
  return doc;
}

function end(op: Operation, status: Operation['Status'], now: number): void {
  op.Status = status;
  op.EndTimestamp = now;
}

function applyStep(state: ExecutionState, doc: OperationDoc, update: OperationUpdate, fresh: boolean, out: Applied, now: number): void {
  const op = doc.op;
  const attempt = (op.StepDetails?.Attempt ?? 0) + 1;
  const event = (type: 'StepStarted' | 'StepSucceeded' | 'StepFailed', details: object) =>
    out.events.push(newEvent(state.exec, type, update, details, now));
  switch (update.Action) {
    case 'START':
      op.Status = 'STARTED';
      if (!fresh) delete op.EndTimestamp;
      event('StepStarted', {});
      return;
    case 'SUCCEED':
    case 'FAIL': {
      const succeeded = update.Action === 'SUCCEED';
      end(op, succeeded ? 'SUCCEEDED' : 'FAILED', now);
      op.StepDetails = { ...op.StepDetails, Attempt: attempt };
      delete op.StepDetails.NextAttemptTimestamp;
      if (succeeded && update.Payload !== undefined) op.StepDetails.Result = update.Payload;
      if (!succeeded && update.Error !== undefined) op.StepDetails.Error = update.Error;
      const retry = { CurrentAttempt: attempt };
      if (succeeded) event('StepSucceeded', { Result: payloadOf(update.Payload), RetryDetails: retry });
      else event('StepFailed', { Error: errorOf(update.Error), RetryDetails: retry });
      return;
    }
    case 'RETRY': {
      const delay = update.StepOptions?.NextAttemptDelaySeconds ?? 0;
      op.Status = 'PENDING';
      op.StepDetails = { ...op.StepDetails, Attempt: attempt, NextAttemptTimestamp: now + delay * 1000 };
      // A retried step keeps its last error or, polling for a condition, its last state.
      delete op.StepDetails.Error;
      delete op.StepDetails.Result;
      if (update.Error !== undefined) op.StepDetails.Error = update.Error;
      if (update.Payload !== undefined) op.StepDetails.Result = update.Payload;
      const retry = { CurrentAttempt: attempt, NextAttemptDelaySeconds: delay };
      if (update.Error !== undefined || update.Payload === undefined) event('StepFailed', { Error: errorOf(update.Error), RetryDetails: retry });
      else event('StepSucceeded', { Result: payloadOf(update.Payload), RetryDetails: retry });
      return;
    }
  }
}

function applyContext(state: ExecutionState, doc: OperationDoc, update: OperationUpdate, out: Applied, now: number): void {
  const op = doc.op;
  const replayChildren = update.ContextOptions?.ReplayChildren ?? op.ContextDetails?.ReplayChildren;
  op.ContextDetails = { ...op.ContextDetails, ...(replayChildren !== undefined ? { ReplayChildren: replayChildren } : {}) };
  if (update.Action === 'START') {
    out.events.push(newEvent(state.exec, 'ContextStarted', update, {}, now));
    return;
  }
  const succeeded = update.Action === 'SUCCEED';
  end(op, succeeded ? 'SUCCEEDED' : 'FAILED', now);
  if (succeeded && update.Payload !== undefined) op.ContextDetails.Result = update.Payload;
  if (!succeeded && update.Error !== undefined) op.ContextDetails.Error = update.Error;
  out.events.push(succeeded
    ? newEvent(state.exec, 'ContextSucceeded', update, { Result: payloadOf(update.Payload) }, now)
    : newEvent(state.exec, 'ContextFailed', update, { Error: errorOf(update.Error) }, now));
}

function applyWait(state: ExecutionState, doc: OperationDoc, update: OperationUpdate, out: Applied, now: number): void {
  const op = doc.op;
  if (update.Action === 'CANCEL') {
    end(op, 'CANCELLED', now);
    out.events.push(newEvent(state.exec, 'WaitCancelled', op, {}, now));
    return;
  }
  const duration = update.WaitOptions?.WaitSeconds ?? 0;
  const endsAt = now + duration * 1000;
  op.WaitDetails = { ScheduledEndTimestamp: endsAt };
  out.events.push(newEvent(state.exec, 'WaitStarted', update, { Duration: duration, ScheduledEndTimestamp: seconds(endsAt) }, now));
}

function applyCallback(state: ExecutionState, doc: OperationDoc, update: OperationUpdate, out: Applied, ctx: ApplyContext): void {
  const op = doc.op;
  if (update.Action === 'CANCEL') {
    end(op, 'CANCELLED', ctx.now);
    return;
  }
  const callbackId = ctx.newCallbackId();
  op.CallbackDetails = { CallbackId: callbackId };
  const timeout = update.CallbackOptions?.TimeoutSeconds;
  const heartbeat = update.CallbackOptions?.HeartbeatTimeoutSeconds;
  if (timeout) doc.timeoutAt = ctx.now + timeout * 1000;
  if (heartbeat) {
    doc.heartbeatSeconds = heartbeat;
    doc.heartbeatAt = ctx.now + heartbeat * 1000;
  }
  out.callbacks.push({ callbackId, operationId: op.Id });
  out.events.push(newEvent(state.exec, 'CallbackStarted', update, {
    CallbackId: callbackId,
    ...(heartbeat ? { HeartbeatTimeout: heartbeat } : {}),
    ...(timeout ? { Timeout: timeout } : {}),
  }, ctx.now));
}

function applyChainedInvoke(state: ExecutionState, doc: OperationDoc, update: OperationUpdate, out: Applied, now: number): void {
  const op = doc.op;
  if (update.Action === 'CANCEL') {
    end(op, 'STOPPED', now);
    out.events.push(newEvent(state.exec, 'ChainedInvokeStopped', op, { Error: {} }, now));
    return;
  }
  const functionName = update.ChainedInvokeOptions?.FunctionName ?? '';
  doc.chained = { functionName, payload: update.Payload ?? '' };
  out.chained.push(op.Id);
  out.events.push(newEvent(state.exec, 'ChainedInvokeStarted', update, {
    FunctionName: functionName,
    ...(update.ChainedInvokeOptions?.TenantId ? { TenantId: update.ChainedInvokeOptions.TenantId } : {}),
    Input: payloadOf(update.Payload),
  }, now));
}

/** An EXECUTION update ends the execution itself, whatever id it names (the SDK's oversized-result path). */
function applyExecution(state: ExecutionState, update: OperationUpdate, out: Applied): void {
  out.ended = update.Action === 'SUCCEED' ? 'SUCCEEDED' : 'FAILED';
  if (update.Action === 'SUCCEED') {
    if (update.Payload !== undefined) state.exec.result = update.Payload;
  } else if (update.Error !== undefined) state.exec.error = update.Error;
}

export function applyUpdates(state: ExecutionState, updates: readonly OperationUpdate[], ctx: ApplyContext): Applied {
  const out: Applied = { changed: new Set(), events: [], callbacks: [], chained: [] };
  for (const update of updates) {
    if (update.Type === 'EXECUTION') {
      applyExecution(state, update, out);
      continue;
    }
    const existing = state.ops.get(update.Id);
    const doc = existing ?? created(state, update, ctx.now);
    switch (update.Type) {
      case 'STEP': applyStep(state, doc, update, !existing, out, ctx.now); break;
      case 'CONTEXT': applyContext(state, doc, update, out, ctx.now); break;
      case 'WAIT': applyWait(state, doc, update, out, ctx.now); break;
      case 'CALLBACK': applyCallback(state, doc, update, out, ctx); break;
      case 'CHAINED_INVOKE': applyChainedInvoke(state, doc, update, out, ctx.now); break;
    }
    out.changed.add(update.Id);
  }
  return out;
}
