/**
 * The resource a function policy belongs to: the function itself (which $LATEST shares), a published
 * version or an alias, each with the revision id a caller may pass as a precondition.
 */
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { ResourceNotFoundException } from '../../errors/catalogue.js';
import type { LambdaError } from '../../errors/base.js';
import { assertAllowed } from '../access.js';
import { functionArn, functionNotFound, parseFunctionRef, type FunctionRef } from '../arn.js';
import { FUNCTION_KIND, VERSION_KIND, versionKey, type FunctionDoc, type VersionDoc } from '../functions/records.js';
import { getAlias } from '../aliases/records.js';

export interface PolicyTarget {
  ref: FunctionRef;
  scope: Scope;
  /** The qualifier the policy is kept under: undefined for the function and its $LATEST. */
  qualifier?: string;
  isAlias: boolean;
  /** RevisionId of the function, version or alias (what GetFunction/GetAlias report). */
  revisionId: string | undefined;
}

const VERSION_NUMBER = /^[0-9]+$/;
const ALIAS_NAME = /^(?!^[0-9]+$)[a-zA-Z0-9-_]+$/;

/** How each operation words a missing function, version or alias. */
export interface MissingWording {
  function: (ref: FunctionRef) => LambdaError;
  qualifier: (ref: FunctionRef) => LambdaError;
}

export const DEFAULT_WORDING: MissingWording = {
  function: (ref) => functionNotFound(ref, undefined),
  qualifier: (ref) => (ALIAS_NAME.test(ref.qualifier ?? '')
    ? new ResourceNotFoundException(`Cannot find alias arn: ${functionArn(ref, ref.qualifier)}`)
    : functionNotFound(ref)),
};

/** Parses the identifier, checks cross-account access and finds what the qualifier names. */
export async function loadPolicyTarget(
  deps: StoreDep, caller: Scope, identifier: string, qualifier: string | undefined, action: string, wording: MissingWording = DEFAULT_WORDING,
): Promise<PolicyTarget> {
  const ref = parseFunctionRef(identifier, caller, qualifier);
  const scope: Scope = { accountId: ref.accountId, region: ref.region };
  await assertAllowed(caller.accountId, ref.accountId, action, functionArn(ref, ref.qualifier), deps);
  const fn = await deps.store.get<FunctionDoc>(FUNCTION_KIND, scope, ref.name);
  if (!fn) throw wording.function(ref);
  const q = ref.qualifier;
  if (q === undefined || q === '$LATEST') {
    return { ref, scope, isAlias: false, revisionId: fn.doc.latest.config.RevisionId };
  }
  if (VERSION_NUMBER.test(q)) {
    const version = await deps.store.get<VersionDoc>(VERSION_KIND, scope, versionKey(ref.name, q));
    // Keys are zero-padded: "01" must not find version 1.
    if (!version || version.doc.config.Version !== q) throw wording.qualifier(ref);
    return { ref, scope, qualifier: q, isAlias: false, revisionId: version.doc.config.RevisionId };
  }
  const alias = ALIAS_NAME.test(q) ? await getAlias(deps, scope, ref.name, q) : undefined;
  if (!alias) throw wording.qualifier(ref);
  return { ref, scope, qualifier: q, isAlias: true, revisionId: alias.doc.RevisionId };
}

/** The ARN statements on this target name as their Resource. */
export function targetArn(target: PolicyTarget): string {
  return functionArn(target.ref, target.qualifier);
}
