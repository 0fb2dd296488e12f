/**
 * The checks a checkpoint's updates pass before any is applied: one EXECUTION update at most and last,
 * parents that are contexts, no operation updated twice, and actions the operation's state allows.
 */
import type { Operation, OperationAction, OperationStatus, OperationType, OperationUpdate } from '../model/types.generated.js';
import { InvalidParameterValueException } from '../errors/catalogue.js';

const invalid = (message: string) => new InvalidParameterValueException(message, { type: 'User' });

/** Largest error object an update may carry, JSON-encoded with its update. */
const MAX_ERROR_UPDATE_BYTES = 32768;

const ACTIONS: Record<OperationType, ReadonlySet<OperationAction>> = {
  STEP: new Set(['START', 'FAIL', 'RETRY', 'SUCCEED']),
  CONTEXT: new Set(['START', 'FAIL', 'SUCCEED']),
  WAIT: new Set(['START', 'CANCEL']),
  CALLBACK: new Set(['START', 'CANCEL']),
  CHAINED_INVOKE: new Set(['START', 'CANCEL']),
  EXECUTION: new Set(['SUCCEED', 'FAIL']),
};

function checkPayloads(update: OperationUpdate): void {
  if (update.Error == null) return;
  if (Buffer.byteLength(JSON.stringify(update)) > MAX_ERROR_UPDATE_BYTES) {
    throw invalid(`Error object size must be less than ${MAX_ERROR_UPDATE_BYTES} bytes.`);
  }
}

function checkCompletion(update: OperationUpdate): void {
  if (update.Action === 'FAIL' && update.Payload != null) throw invalid('Cannot provide a Payload for FAIL action.');
  if (update.Action === 'SUCCEED' && update.Error != null) throw invalid('Cannot provide an Error for SUCCEED action.');
}

const is = (op: Operation | undefined, statuses: OperationStatus[]) => op !== undefined && statuses.includes(op.Status);

/** START of a new operation, or CANCEL of a started one: waits, callbacks and chained invokes. */
function checkStartOrCancel(update: OperationUpdate, op: Operation | undefined): void {
  if (update.Action === 'START' && op) throw invalid(`Cannot start a ${update.Type} that already exists.`);
  if (update.Action === 'CANCEL' && !is(op, ['STARTED'])) {
    throw invalid(`Cannot cancel a ${update.Type} that does not exist or has already completed.`);
  }
}

function checkStep(update: OperationUpdate, op: Operation | undefined): void {
  switch (update.Action) {
    case 'START':
      // A step starts once, or again when a retry's delay has passed.
      if (op && !is(op, ['READY'])) throw invalid('Invalid current STEP state to start.');
      return;
    case 'SUCCEED':
    case 'FAIL':
      if (op && !is(op, ['STARTED', 'READY'])) throw invalid('Invalid current STEP state to close.');
      checkCompletion(update);
      return;
    case 'RETRY':
      if (op && !is(op, ['STARTED', 'READY'])) throw invalid('Invalid current STEP state to re-attempt.');
      if (update.StepOptions == null) throw invalid('Invalid StepOptions for the given action.');
      if (update.Error != null && update.Payload != null) throw invalid('Cannot provide both error and payload to RETRY a STEP.');
      return;
  }
}

function checkContext(update: OperationUpdate, op: Operation | undefined): void {
  if (update.Action === 'START') {
    if (op) throw invalid('Cannot start a CONTEXT that already exists.');
    return;
  }
  if (op && !is(op, ['STARTED'])) throw invalid('Invalid current CONTEXT state to close.');
  checkCompletion(update);
}

function checkTransition(update: OperationUpdate, op: Operation | undefined): void {
  switch (update.Type) {
    case 'STEP': return checkStep(update, op);
    case 'CONTEXT': return checkContext(update, op);
    case 'EXECUTION': return checkCompletion(update);
    default: return checkStartOrCancel(update, op);
  }
}

/** Two updates of one operation in a request: only a step's or a context's START and then its end. */
function duplicate(previous: OperationUpdate | undefined, update: OperationUpdate): boolean {
  if (!previous) return false;
  if (previous.Type !== 'STEP' && previous.Type !== 'CONTEXT') return true;
  return !(previous.Action === 'START' && update.Action !== 'START');
}

export function validateUpdates(updates: readonly OperationUpdate[], existing: (id: string) => Operation | undefined): void {
  const executions = updates.filter((u) => u.Type === 'EXECUTION');
  if (executions.length > 1) throw invalid('Cannot checkpoint multiple EXECUTION updates.');
  if (executions.length === 1 && updates[updates.length - 1]!.Type !== 'EXECUTION') {
    throw invalid('EXECUTION checkpoint must be the last update.');
  }
  const startedHere = new Map<string, OperationUpdate>();
  const seen = new Map<string, OperationUpdate>();
  for (const update of updates) {
    if (!update.Id) throw invalid('Operation update must have an Id.');
    if (duplicate(seen.get(update.Id), update)) throw invalid('Cannot update the same operation twice in a single request.');
    if (update.ParentId) {
      const parentType = startedHere.get(update.ParentId)?.Type ?? existing(update.ParentId)?.Type;
      if (parentType !== 'CONTEXT') throw invalid('Invalid parent operation id.');
    }
    if (update.Action === 'START') startedHere.set(update.Id, update);
    seen.set(update.Id, update);
  }
  for (const update of updates) {
    checkPayloads(update);
    if (!ACTIONS[update.Type]) throw invalid('Invalid operation type.');
    if (!ACTIONS[update.Type].has(update.Action)) throw invalid('Invalid action for the given operation type.');
    checkTransition(update, update.Type === 'EXECUTION' ? undefined : existing(update.Id));
  }
}
