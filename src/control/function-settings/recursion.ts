/** PutFunctionRecursionConfig / GetFunctionRecursionConfig: whether Lambda stops recursive loops. */
import type { RecursiveLoop } from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { loadFunction } from '../functions/service.js';
import { DEFAULT_RECURSIVE_LOOP, RECURSION_KIND, type RecursionDoc } from './records.js';

export async function putFunctionRecursionConfig(deps: StoreDep, caller: Scope, identifier: string, recursiveLoop: RecursiveLoop): Promise<{ RecursiveLoop: RecursiveLoop }> {
  const loaded = await loadFunction(deps, caller, identifier, 'PutFunctionRecursionConfig');
  const doc: RecursionDoc = { recursiveLoop };
  await deps.store.commit([{ op: 'put', kind: RECURSION_KIND, scope: loaded.scope, key: loaded.ref.name, doc }]);
  return { RecursiveLoop: recursiveLoop };
}

export async function getFunctionRecursionConfig(deps: StoreDep, caller: Scope, identifier: string): Promise<{ RecursiveLoop: RecursiveLoop }> {
  const loaded = await loadFunction(deps, caller, identifier, 'GetFunctionRecursionConfig');
  const stored = await deps.store.get<RecursionDoc>(RECURSION_KIND, loaded.scope, loaded.ref.name);
  return { RecursiveLoop: stored?.doc.recursiveLoop ?? DEFAULT_RECURSIVE_LOOP };
}
