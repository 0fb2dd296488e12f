/**
 * Reserved concurrency (PutFunctionConcurrency & co): one number per function, stored, and applied by
 * the engine, which throttles the function at that many concurrent invocations (0 stops it).
 */
import type { GetFunctionConcurrencyResponse } from '../../model/types.generated.js';
import type { App } from '../../app.js';
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
async function loadUnqualified(app: App, caller: Scope, identifier: string, action: string): Promise<LoadedFunction> {
  const ref = parseFunctionRef(identifier, caller);
  if (ref.qualifier !== undefined) throw new InvalidParameterValueException(ONLY_FUNCTIONS);
  try {
    return await loadFunction(app, caller, identifier, action);
  } catch (err) {
    if (isFunctionNotFound(err)) throw functionNotFound(ref, '$LATEST');
    throw err;
  }
}

/** The function's reserved concurrency, if any (GetFunction's `Concurrency`). */
export async function reservedConcurrency(app: App, scope: Scope, functionName: string): Promise<number | undefined> {
  return (await app.store.get<ReservedConcurrencyDoc>(RESERVED_CONCURRENCY_KIND, scope, functionName))?.doc.reserved;
}

export async function putFunctionConcurrency(app: App, caller: Scope, identifier: string, reserved: number): Promise<{ ReservedConcurrentExecutions: number }> {
  const loaded = await loadUnqualified(app, caller, identifier, 'PutFunctionConcurrency');
  // The function's current reservation is being replaced, so it does not count against the new one.
  const unreserved = await unreservedConcurrency(app, loaded.scope, { functionName: loaded.ref.name });
  if (unreserved - reserved < MINIMUM_UNRESERVED_CONCURRENCY) {
    throw new InvalidParameterValueException(
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MINIMUM_UNRESERVED_CONCURRENCY}].`,
      { type: undefined });
  }
  const doc: ReservedConcurrencyDoc = { reserved };
  await app.store.commit([{ op: 'put', kind: RESERVED_CONCURRENCY_KIND, scope: loaded.scope, key: loaded.ref.name, doc }]);
  app.engine.setReservedConcurrency(functionArn(loaded.ref), reserved);
  return { ReservedConcurrentExecutions: reserved };
}

export async function getFunctionConcurrency(app: App, caller: Scope, identifier: string): Promise<GetFunctionConcurrencyResponse> {
  const loaded = await loadUnqualified(app, caller, identifier, 'GetFunctionConcurrency');
  const reserved = await reservedConcurrency(app, loaded.scope, loaded.ref.name);
  return reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved };
}

export async function deleteFunctionConcurrency(app: App, caller: Scope, identifier: string): Promise<void> {
  const loaded = await loadUnqualified(app, caller, identifier, 'DeleteFunctionConcurrency');
  await app.store.commit([{ op: 'delete', kind: RESERVED_CONCURRENCY_KIND, scope: loaded.scope, key: loaded.ref.name }]);
  app.engine.setReservedConcurrency(functionArn(loaded.ref), undefined);
}
