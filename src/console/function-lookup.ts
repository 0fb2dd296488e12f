/** The function a console request names: a plain name (it becomes a store key and a path), in the caller's scope. */
import type { StoreDep } from '../control/deps.js';
import type { Scope } from '../store/types.js';
import { FUNCTION_KIND, VERSION_KIND, versionKey, type FunctionDoc, type VersionDoc } from '../control/functions/records.js';
import { functionNotFound } from '../control/arn.js';
import { InvalidParameterValueException } from '../errors/catalogue.js';
import { FUNCTION_NAME_PATTERN } from '../safe-path.js';

export function checkFunctionName(name: string): string {
  if (!FUNCTION_NAME_PATTERN.test(name)) {
    throw new InvalidParameterValueException(`Invalid function name: ${JSON.stringify(name)}. A function name is 1 to 64 letters, digits, hyphens or underscores.`);
  }
  return name;
}

export async function requireFunction(deps: StoreDep, scope: Scope, name: string): Promise<FunctionDoc> {
  const stored = await deps.store.get<FunctionDoc>(FUNCTION_KIND, scope, checkFunctionName(name));
  if (!stored) throw functionNotFound({ ...scope, name });
  return stored.doc;
}

/** $LATEST or a published version number. */
export async function requireVersion(deps: StoreDep, scope: Scope, name: string, qualifier: string | null): Promise<VersionDoc> {
  const fn = await requireFunction(deps, scope, name);
  if (qualifier === null || qualifier === '$LATEST') return fn.latest;
  if (!/^\d{1,10}$/.test(qualifier)) {
    throw new InvalidParameterValueException(`Invalid version: ${JSON.stringify(qualifier)}. A version is $LATEST or a published version number.`);
  }
  const stored = await deps.store.get<VersionDoc>(VERSION_KIND, scope, versionKey(name, qualifier));
  if (!stored) throw functionNotFound({ ...scope, name }, qualifier);
  return stored.doc;
}
