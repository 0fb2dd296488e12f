/**
 * What a provisioned concurrency qualifier names: a published version or an alias (never $LATEST), and
 * the version it runs. AWS reports a missing alias as such even when the function itself is missing.
 */
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { InvalidParameterValueException, ResourceNotFoundException } from '../../errors/catalogue.js';
import { functionArn, parseFunctionRef, type FunctionRef } from '../arn.js';
import { loadFunction, versionOf, type LoadedFunction } from '../functions/service.js';
import { isFunctionNotFound } from './reserved.js';
import { isVersionQualifier } from './records.js';

export interface ProvisionedTarget {
  loaded: LoadedFunction;
  /** The version number or alias name the caller gave. */
  qualifier: string;
  /** The version number it runs (an alias's primary version). */
  version: string;
}

export const NOT_PUBLISHED = 'Provisioned Concurrency Configs cannot be applied to unpublished function versions.';
export const NOT_ALIAS_OR_VERSION = 'The function resource provided must be an alias or a published version.';

function aliasNotFound(ref: FunctionRef, alias: string): ResourceNotFoundException {
  return new ResourceNotFoundException(`Cannot find alias arn: ${functionArn(ref, alias)}`);
}

/** Parses the identifier and qualifier; `$LATEST` is refused with the operation's own message. */
export function provisionedRef(caller: Scope, identifier: string, qualifier: string, latestMessage: string): FunctionRef & { qualifier: string } {
  const ref = parseFunctionRef(identifier, caller, qualifier);
  if (ref.qualifier === undefined || ref.qualifier === '$LATEST') throw new InvalidParameterValueException(latestMessage);
  return { ...ref, qualifier: ref.qualifier };
}

/** Loads the function and resolves the qualifier, with AWS's 404s for a missing version or alias. */
export async function resolveProvisionedTarget(deps: StoreDep, caller: Scope, ref: FunctionRef & { qualifier: string }, action: string): Promise<ProvisionedTarget> {
  try {
    const loaded = await loadFunction(deps, caller, functionArn(ref), action, ref.qualifier);
    const version = await versionOf(loaded);
    return { loaded, qualifier: ref.qualifier, version: version.config.Version ?? ref.qualifier };
  } catch (err) {
    if (!isVersionQualifier(ref.qualifier) && isFunctionNotFound(err)) throw aliasNotFound(ref, ref.qualifier);
    throw err;
  }
}

/** The version a qualifier of a loaded function runs now; undefined when it no longer exists. */
export async function currentVersion(deps: StoreDep, caller: Scope, loaded: LoadedFunction, qualifier: string, action: string): Promise<string | undefined> {
  try {
    const target = await resolveProvisionedTarget(deps, caller, { ...loaded.ref, qualifier }, action);
    return target.version;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}
