/**
 * What the service itself does to an execution's operations as time passes: a wait ends, a step's retry
 * delay runs out, a callback times out. Each change marks the operation dirty so the function sees it.
 */
import type { ErrorObject, Event } from '../model/types.generated.js';
import type { ExecutionState } from './apply.js';
import type { OperationDoc } from './records.js';
import { errorOf, newEvent } from './history.js';

export const CALLBACK_TIMED_OUT: ErrorObject = { ErrorType: 'Callback.Timeout', ErrorMessage: 'Callback timed out' };
export const HEARTBEAT_TIMED_OUT: ErrorObject = { ErrorType: 'Callback.Heartbeat', ErrorMessage: 'Callback timed out on heartbeat' };

export function markDirty(state: ExecutionState, id: string): void {
  if (!state.exec.dirty.includes(id)) state.exec.dirty.push(id);
}

function timeOutCallback(state: ExecutionState, doc: OperationDoc, error: ErrorObject, now: number, events: Event[]): void {
  doc.op.Status = 'TIMED_OUT';
  doc.op.EndTimestamp = now;
  doc.op.CallbackDetails = { ...doc.op.CallbackDetails, Error: error };
  delete doc.timeoutAt;
  delete doc.heartbeatAt;
  events.push(newEvent(state.exec, 'CallbackTimedOut', doc.op, { Error: errorOf(error) }, now));
}

/** Applies every transition due by `now`; returns the ids changed and the events recorded. */
export function applyDue(state: ExecutionState, now: number): { changed: string[]; events: Event[] } {
  const changed: string[] = [];
  const events: Event[] = [];
  for (const doc of [...state.ops.values()].sort((a, b) => a.order - b.order)) {
    const op = doc.op;
    if (op.Type === 'WAIT' && op.Status === 'STARTED' && (op.WaitDetails?.ScheduledEndTimestamp ?? 0) <= now) {
      op.Status = 'SUCCEEDED';
      op.EndTimestamp = now;
      const started = (op.WaitDetails?.ScheduledEndTimestamp ?? now) - op.StartTimestamp;
      events.push(newEvent(state.exec, 'WaitSucceeded', op, { Duration: Math.round(started / 1000) }, now));
    } else if (op.Type === 'STEP' && op.Status === 'PENDING' && (op.StepDetails?.NextAttemptTimestamp ?? 0) <= now) {
      op.Status = 'READY';
    } else if (op.Type === 'CALLBACK' && op.Status === 'STARTED' && doc.timeoutAt !== undefined && doc.timeoutAt <= now) {
      timeOutCallback(state, doc, CALLBACK_TIMED_OUT, now, events);
    } else if (op.Type === 'CALLBACK' && op.Status === 'STARTED' && doc.heartbeatAt !== undefined && doc.heartbeatAt <= now) {
      timeOutCallback(state, doc, HEARTBEAT_TIMED_OUT, now, events);
    } else continue;
    changed.push(op.Id);
    markDirty(state, op.Id);
  }
  return { changed, events };
}

/** The next moment something is due for this execution, the execution's own deadline included. */
export function nextDue(state: ExecutionState): number {
  let next = state.exec.startedAt + state.exec.config.ExecutionTimeout * 1000;
  const consider = (at: number | undefined) => {
    if (at !== undefined && at < next) next = at;
  };
  consider(state.exec.retryAt);
  for (const doc of state.ops.values()) {
    const op = doc.op;
    if (op.Type === 'WAIT' && op.Status === 'STARTED') consider(op.WaitDetails?.ScheduledEndTimestamp);
    if (op.Type === 'STEP' && op.Status === 'PENDING') consider(op.StepDetails?.NextAttemptTimestamp);
    if (op.Type === 'CALLBACK' && op.Status === 'STARTED') {
      consider(doc.timeoutAt);
      consider(doc.heartbeatAt);
    }
  }
  return next;
}
