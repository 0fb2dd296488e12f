/** AWS's rules for the version an alias points to and its weighted routing to one more version. */
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import { functionNotFound, type FunctionRef } from '../arn.js';
import type { FunctionDoc } from '../functions/records.js';
import { LATEST, getVersion } from '../versions/records.js';

async function exists(deps: StoreDep, scope: Scope, doc: FunctionDoc, version: string): Promise<boolean> {
  if (version === LATEST) return true;
  const stored = await getVersion(deps, scope, doc.name, version);
  return stored !== undefined && stored.doc.config.Version === version;
}

/** Checks an alias target; the range of each weight and the shape of its key are the front door's. */
export async function checkAliasTarget(
  deps: StoreDep, scope: Scope, ref: FunctionRef, doc: FunctionDoc, functionVersion: string, weights: Record<string, number>,
): Promise<void> {
  const extras = Object.keys(weights);
  if (extras.length > 1) {
    throw new InvalidParameterValueException('Number of items in AdditionalVersionWeights cannot be greater than 1');
  }
  if (extras.includes(functionVersion)) {
    throw new InvalidParameterValueException(
      `Invalid function version ${functionVersion}. Function version ${functionVersion} is already included in routing configuration.`);
  }
  if (extras.length && functionVersion === LATEST) {
    // AWS sends this one without the Type member.
    throw new InvalidParameterValueException('$LATEST is not supported for an alias pointing to more than 1 version', { type: undefined });
  }
  for (const version of [functionVersion, ...extras]) {
    if (!(await exists(deps, scope, doc, version))) throw functionNotFound(ref, version);
  }
}
