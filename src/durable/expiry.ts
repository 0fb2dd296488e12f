/** Removing an execution's records: when its retention period has passed, or with its function. */
import type { MetadataStore, Scope, WriteOp } from '../store/types.js';
import {
  CALLBACK_KIND, EVENT_KIND, EXECUTION_KIND, EXECUTION_NAME_KIND, OPERATION_KIND, executionNameKey,
  type ExecutionDoc, type OperationDoc,
} from './records.js';

export async function removeExecutionWrites(store: MetadataStore, scope: Scope, key: string, exec: ExecutionDoc): Promise<WriteOp[]> {
  const writes: WriteOp[] = [
    { op: 'delete', kind: EXECUTION_KIND, scope, key },
    { op: 'deleteChildren', kind: OPERATION_KIND, scope, parent: key },
    { op: 'deleteChildren', kind: EVENT_KIND, scope, parent: key },
  ];
  const name = await store.get<{ executionKey: string }>(EXECUTION_NAME_KIND, scope, executionNameKey(exec.functionName, exec.name));
  if (name?.doc.executionKey === key) writes.push({ op: 'delete', kind: EXECUTION_NAME_KIND, scope, key: executionNameKey(exec.functionName, exec.name) });
  for (const row of await store.list<OperationDoc>(OPERATION_KIND, scope, { parent: key })) {
    const callbackId = row.doc.op.CallbackDetails?.CallbackId;
    if (callbackId) writes.push({ op: 'delete', kind: CALLBACK_KIND, scope, key: callbackId });
  }
  return writes;
}
