/**
 * The operations an invocation replays from, as the SDK reads them: in creation order, without the
 * children of a finished context that does not replay its children (the context's result stands for them).
 */
import type { Operation } from '../model/types.generated.js';
import type { OperationDoc } from './records.js';

export type TimeUnit = 'seconds' | 'milliseconds';

function finishedWithoutReplay(doc: OperationDoc | undefined): boolean {
  if (!doc || doc.op.Type !== 'CONTEXT') return false;
  const finished = doc.op.Status === 'SUCCEEDED' || doc.op.Status === 'FAILED';
  return finished && !doc.op.ContextDetails?.ReplayChildren;
}

export function replayedOperations(ops: ReadonlyMap<string, OperationDoc>): OperationDoc[] {
  const ordered = [...ops.values()].sort((a, b) => a.order - b.order);
  const hidden = new Set<string>();
  const shown: OperationDoc[] = [];
  for (const doc of ordered) {
    const parentId = doc.op.ParentId;
    // Parents are created before their children, so a hidden parent is known by now.
    if (parentId && (hidden.has(parentId) || finishedWithoutReplay(ops.get(parentId)))) {
      hidden.add(doc.op.Id);
      continue;
    }
    shown.push(doc);
  }
  return shown;
}

/**
 * An operation as the wire carries it. The API speaks epoch seconds; the invocation event, which the
 * SDK reads with `new Date(value)`, epoch milliseconds.
 */
export function wireOperation(op: Operation, unit: TimeUnit): Operation {
  if (unit === 'milliseconds') return op;
  const s = (ms: number) => ms / 1000;
  const out: Operation = { ...op, StartTimestamp: s(op.StartTimestamp) };
  if (op.EndTimestamp !== undefined) out.EndTimestamp = s(op.EndTimestamp);
  if (op.StepDetails?.NextAttemptTimestamp !== undefined) {
    out.StepDetails = { ...op.StepDetails, NextAttemptTimestamp: s(op.StepDetails.NextAttemptTimestamp) };
  }
  if (op.WaitDetails?.ScheduledEndTimestamp !== undefined) {
    out.WaitDetails = { ...op.WaitDetails, ScheduledEndTimestamp: s(op.WaitDetails.ScheduledEndTimestamp) };
  }
  return out;
}
