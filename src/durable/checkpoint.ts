/**
 * The two operations the SDK calls from inside an invocation: CheckpointDurableExecution records its
 * progress and answers with what changed since it last asked; GetDurableExecutionState pages through
 * the operations to replay.
 */
import type {
  CheckpointDurableExecutionRequest, CheckpointDurableExecutionResponse, GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
} from '../model/types.generated.js';
import type { WriteOp } from '../store/types.js';
import { InvalidParameterValueException } from '../errors/catalogue.js';
import { CALLBACK_KIND } from './records.js';
import { applyUpdates } from './apply.js';
import { validateUpdates } from './validate-updates.js';
import { commitState, loadExecution, type LoadedExecution } from './store-io.js';
import { checkpointToken, type DurableExecutions } from './service.js';
import { replayedOperations, wireOperation } from './state-view.js';
import { parseExecutionArn } from './arn.js';

const invalidToken = () => new InvalidParameterValueException('Invalid checkpoint token', { type: 'User' });

/** The execution, when the token is the one its running invocation was last given (GetState does not use it up). */
function checkToken(state: LoadedExecution | undefined, token: string): asserts state is LoadedExecution {
  if (!state || state.exec.status !== 'RUNNING' || state.exec.invocation?.token !== token) throw invalidToken();
}

export async function checkpoint(service: DurableExecutions, input: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse> {
  const address = parseExecutionArn(input.DurableExecutionArn);
  if (!address) throw invalidToken();
  return service.lock(address.key, async () => {
    const state = await loadExecution(service.store, address.scope, address.key);
    checkToken(state, input.CheckpointToken);
    const updates = input.Updates ?? [];
    validateUpdates(updates, (id) => state.ops.get(id)?.op);
    const now = service.now();
    const applied = applyUpdates(state, updates, { now, newCallbackId: () => service.newCallbackId() });
    for (const id of applied.changed) if (!state.exec.dirty.includes(id)) state.exec.dirty.push(id);
    // The answer carries every operation changed since the last one, the service's changes included.
    const changedIds = [...state.exec.dirty];
    state.exec.dirty = [];
    const events = [...applied.events];
    if (applied.ended) events.push(...service.finish(state, applied.ended, now, {}));
    // The checkpoint that ends the execution leaves nothing to checkpoint with; any other gets the next token.
    const next = applied.ended ? undefined : checkpointToken(state.exec.invocation!.id);
    if (next) state.exec.invocation!.token = next;
    const extra: WriteOp[] = applied.callbacks.map(({ callbackId, operationId }) => ({
      op: 'put', kind: CALLBACK_KIND, scope: address.scope, key: callbackId, parent: address.key,
      doc: { executionKey: address.key, operationId },
    }));
    await commitState(service.store, state, applied.changed, events, [...extra, ...service.finishWrites(state)]);
    service.afterChange(state);
    for (const id of applied.chained) service.onChained(address.scope, address.key, id);
    return {
      ...(next ? { CheckpointToken: next } : {}),
      NewExecutionState: {
        Operations: changedIds.flatMap((id) => {
          const doc = state.ops.get(id);
          return doc ? [wireOperation(doc.op, 'seconds')] : [];
        }),
      },
    };
  });
}

const DEFAULT_STATE_PAGE = 100;

export async function executionState(service: DurableExecutions, input: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse> {
  const address = parseExecutionArn(input.DurableExecutionArn);
  if (!address) throw invalidToken();
  const state = await loadExecution(service.store, address.scope, address.key);
  checkToken(state, input.CheckpointToken);
  const replayed = replayedOperations(state.ops);
  const start = input.Marker !== undefined ? Number(input.Marker) : 0;
  if (!Number.isInteger(start) || start < 0 || start > replayed.length) {
    throw new InvalidParameterValueException('Invalid Marker', { type: 'User' });
  }
  const size = input.MaxItems || DEFAULT_STATE_PAGE;
  const page = replayed.slice(start, start + size);
  const out: GetDurableExecutionStateResponse = { Operations: page.map((doc) => wireOperation(doc.op, 'seconds')) };
  if (start + size < replayed.length) out.NextMarker = String(start + size);
  return out;
}
