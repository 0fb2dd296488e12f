/** Reading an execution with its operations, and writing back what changed, as one batch. */
import type { Event } from '../model/types.generated.js';
import type { MetadataStore, Scope, WriteOp } from '../store/types.js';
import type { ExecutionState } from './apply.js';
import {
  EVENT_KIND, EXECUTION_KIND, OPERATION_KIND, eventKey, operationKey, type ExecutionDoc, type OperationDoc,
} from './records.js';

export interface LoadedExecution extends ExecutionState {
  scope: Scope;
  key: string;
  seq: number;
}

export async function loadExecutionDoc(store: MetadataStore, scope: Scope, key: string) {
  return store.get<ExecutionDoc>(EXECUTION_KIND, scope, key);
}

export async function loadExecution(store: MetadataStore, scope: Scope, key: string): Promise<LoadedExecution | undefined> {
  const stored = await loadExecutionDoc(store, scope, key);
  if (!stored) return undefined;
  const ops = new Map<string, OperationDoc>();
  for (const row of await store.list<OperationDoc>(OPERATION_KIND, scope, { parent: key })) ops.set(row.doc.op.Id, row.doc);
  return { scope, key, seq: stored.seq, exec: structuredClone(stored.doc), ops };
}

/** The batch that stores the execution document, the given operations and new events. */
export function stateWrites(state: LoadedExecution, changed: Iterable<string>, events: readonly Event[]): WriteOp[] {
  const { scope, key } = state;
  const ops: WriteOp[] = [{ op: 'put', kind: EXECUTION_KIND, scope, key, parent: state.exec.functionName, doc: state.exec, ifSeq: state.seq }];
  for (const id of new Set(changed)) {
    const doc = state.ops.get(id);
    if (doc) ops.push({ op: 'put', kind: OPERATION_KIND, scope, key: operationKey(key, id), parent: key, doc });
  }
  for (const event of events) {
    ops.push({ op: 'put', kind: EVENT_KIND, scope, key: eventKey(key, event.EventId!), parent: key, doc: event });
  }
  return ops;
}

export async function commitState(store: MetadataStore, state: LoadedExecution, changed: Iterable<string>, events: readonly Event[], extra: WriteOp[] = []): Promise<void> {
  const [seq] = await store.commit([...stateWrites(state, changed, events), ...extra]);
  state.seq = seq!;
}
