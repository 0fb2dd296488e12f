/**
 * The function a mapping invokes, as Create and Update name it: a name or ARN, optionally qualified by
 * a version, an alias or $LATEST, kept in FunctionArn exactly as given (`name:$LATEST` stays qualified,
 * a bare name does not). A function, version or alias that does not exist reads as AWS words it.
 */
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { LambdaError } from '../../errors/base.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import { functionArn, type FunctionRef } from '../arn.js';
import { loadFunction } from '../functions/service.js';

export interface MappingTarget {
  ref: FunctionRef;
  /** Where the function, and so its mappings, live. */
  scope: Scope;
  functionArn: string;
  /** The Timeout (seconds) of what the mapping invokes: an SQS queue must hide messages at least that long. */
  timeoutSeconds: number;
}

export const functionDoesNotExist = () => new InvalidParameterValueException('Function does not exist');

function isNotFound(err: unknown): boolean {
  return err instanceof LambdaError && err.code === 'ResourceNotFoundException' && err.message.startsWith('Function not found');
}

export async function loadMappingTarget(deps: StoreDep, caller: Scope, identifier: string, action: string): Promise<MappingTarget> {
  try {
    const loaded = await loadFunction(deps, caller, identifier, action);
    if (loaded.ref.qualifier !== undefined && !loaded.qualified) throw functionDoesNotExist();
    const version = loaded.qualified?.version ?? loaded.doc.latest;
    return {
      ref: loaded.ref, scope: loaded.scope, functionArn: functionArn(loaded.ref, loaded.ref.qualifier),
      timeoutSeconds: version.config.Timeout ?? 3,
    };
  } catch (err) {
    if (isNotFound(err)) throw functionDoesNotExist();
    throw err;
  }
}
