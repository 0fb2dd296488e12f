/**
 * Reserved concurrency (PutFunctionConcurrency & co): one number per function, stored, and applied by
 * the engine, which throttles the function at that many concurrent invocations (0 stops it).
 */
import type { GetFunctionConcurrencyResponse } from '../../model/types.generated.js';
import type { EngineDep, StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { LambdaError } from '../../errors/base.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import { functionArn, functionNotFound, parseFunctionRef } from '../arn.js';
import { loadFunction, type LoadedFunction } from '../functions/service.js';
import { unreservedConcurrency } from './pool.js';
import { MINIMUM_UNRESERVED_CONCURRENCY, RESERVED_CONCURRENCY_KIND, type ReservedConcurrencyDoc } from './records.js';

export const ONLY_FUNCTIONS = 'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.';

/** True for the 404 `loadFunction` throws when the function itself is missing. */
export function isFunctionNotFound(err: unknown): err is LambdaError {
  return err instanceof LambdaError && err.code === 'ResourceNotFoundException' && err.message.startsWith('Function not found: ');
}

/** Loads an unqualified function; AWS names a missing one by its $LATEST ARN here. */
async function loadUnqualified(deps: StoreDep, caller: Scope, identifier: string, action: string): Promise<LoadedFunction> {
  const ref = parseFunctionRef(identifier, caller);
  if (ref.qualifier !== undefined) throw new InvalidParameterValueException(ONLY_FUNCTIONS);
  try {
    return await loadFunction(deps, caller, identifier, action);
  } catch (err) {
    if (isFunctionNotFound(err)) throw functionNotFound(ref, '$LATEST');
    throw err;
  }
}

/** The function's reserved concurrency, if any (GetFunction's `Concurrency`). */
export async function reservedConcurrency(deps: StoreDep, scope: Scope, functionName: string): Promise<number | undefined> {
  return (await deps.store.get<ReservedConcurrencyDoc>(RESERVED_CONCURRENCY_KIND, scope, functionName))?.doc.reserved;
}

export async function putFunctionConcurrency(deps: StoreDep & EngineDep, caller: Scope, identifier: string, reserved: number): Promise<{ ReservedConcurrentExecutions: number }> {
  const loaded = await loadUnqualified(deps, caller, identifier, 'PutFunctionConcurrency');
  // The function's current reservation is being replaced, so it does not count against the new one.
  const unreserved = await unreservedConcurrency(deps, loaded.scope, { functionName: loaded.ref.name });
  if (unreserved - reserved < MINIMUM_UNRESERVED_CONCURRENCY) {
    throw new InvalidParameterValueException(
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MINIMUM_UNRESERVED_CONCURRENCY}].`,
      { type: undefined });
  }
  const doc: ReservedConcurrencyDoc = { reserved };
  await deps.store.commit([{ op: 'put', kind: RESERVED_CONCURRENCY_KIND, scope: loaded.scope, key: loaded.ref.name, doc }]);
  deps.engine.setReservedConcurrency(functionArn(loaded.ref), reserved);
  return { ReservedConcurrentExecutions: reserved };
}

export async function getFunctionConcurrency(deps: StoreDep, caller: Scope, identifier: string): Promise<GetFunctionConcurrencyResponse> {
  const loaded = await loadUnqualified(deps, caller, identifier, 'GetFunctionConcurrency');
  const reserved = await reservedConcurrency(deps, loaded.scope, loaded.ref.name);
  return reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved };
}

export async function deleteFunctionConcurrency(deps: StoreDep & EngineDep, caller: Scope, identifier: string): Promise<void> {
  const loaded = await loadUnqualified(deps, caller, identifier, 'DeleteFunctionConcurrency');
  await deps.store.commit([{ op: 'delete', kind: RESERVED_CONCURRENCY_KIND, scope: loaded.scope, key: loaded.ref.name }]);
  deps.engine.setReservedConcurrency(functionArn(loaded.ref), undefined);
}
