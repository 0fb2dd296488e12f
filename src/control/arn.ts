/**
 * Function identifiers as Lambda accepts them: `name`, `name:qualifier`, partial ARN
 * `123456789012:function:name[:qualifier]` and full ARN `arn:aws:lambda:region:account:function:name[:qualifier]`.
 */
import { InvalidParameterValueException, ResourceNotFoundException } from '../errors/catalogue.js';
import type { LambdaError } from '../errors/base.js';
import type { Scope } from '../store/types.js';

export interface FunctionRef {
  /** The account that owns the function (the caller's unless an ARN names another). */
  accountId: string;
  region: string;
  name: string;
  /** Qualifier from the name or from the Qualifier parameter, if any. */
  qualifier?: string;
}

const FULL = /^arn:(aws[a-zA-Z-]*)?:lambda:([a-z0-9-]+):(\d{12}):function:([^:]+)(?::([^:]+))?$/;
const PARTIAL = /^(\d{12}):function:([^:]+)(?::([^:]+))?$/;
const PREFIXED = /^function:([^:]+)(?::([^:]+))?$/;
const PLAIN = /^([^:]+)(?::([^:]+))?$/;

export function parseFunctionRef(identifier: string, scope: Scope, qualifierParam?: string): FunctionRef {
  let ref: FunctionRef;
  let m: RegExpExecArray | null;
  if ((m = FULL.exec(identifier))) {
    ref = { accountId: m[3]!, region: m[2]!, name: m[4]!, ...(m[5] ? { qualifier: m[5] } : {}) };
  } else if ((m = PARTIAL.exec(identifier))) {
    ref = { accountId: m[1]!, region: scope.region, name: m[2]!, ...(m[3] ? { qualifier: m[3] } : {}) };
  } else if ((m = PREFIXED.exec(identifier)) || (m = PLAIN.exec(identifier))) {
    ref = { accountId: scope.accountId, region: scope.region, name: m[1]!, ...(m[2] ? { qualifier: m[2] } : {}) };
  } else {
    ref = { accountId: scope.accountId, region: scope.region, name: identifier };
  }
  if (ref.region !== scope.region) {
    throw new ResourceNotFoundException(`Functions from '${ref.region}' are not reachable in this region ('${scope.region}')`);
  }
  if (qualifierParam !== undefined) {
    if (ref.qualifier !== undefined && ref.qualifier !== qualifierParam) {
      throw new InvalidParameterValueException('The derived qualifier from the function name does not match the specified qualifier.');
    }
    ref.qualifier = qualifierParam;
  }
  return ref;
}

export function functionArn(ref: { accountId: string; region: string; name: string }, qualifier?: string): string {
  const base = `arn:aws:lambda:${ref.region}:${ref.accountId}:function:${ref.name}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

/** The ARN the error messages of a missing function name (with its qualifier when one was given). */
export function refArn(ref: FunctionRef): string {
  return functionArn(ref, ref.qualifier);
}

export function functionNotFound(ref: FunctionRef, qualifier = ref.qualifier): LambdaError {
  return new ResourceNotFoundException(`Function not found: ${functionArn(ref, qualifier)}`);
}
