/** AddPermission, RemovePermission and GetPolicy on functions, versions and aliases. */
import type {
  AddPermissionRequest, AddPermissionResponse, GetPolicyResponse, RemovePermissionRequest,
} from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { StoreConflict } from '../../store/types.js';
import {
  InvalidParameterValueException, PreconditionFailedException, ResourceNotFoundException,
} from '../../errors/catalogue.js';
import { partitionOf, refArn } from '../arn.js';
import {
  conditionOf, noPolicy, renderPolicy, renderStatement, withStatement, withoutStatement, type PolicyDoc, type Statement,
} from './policy.js';
import { FUNCTION_POLICY_KIND, policyKey, type FunctionPolicyDoc } from './records.js';
import { DEFAULT_WORDING, loadPolicyTarget, targetArn, type PolicyTarget } from './targets.js';
import { WRITE_ATTEMPTS, updateInProgressOn } from '../write-attempts.js';

const ACCOUNT = /^\d{12}$/;
const IAM_ARN = /^arn:aws[a-zA-Z-]*:iam::\d{12}:(root|(user|role|assumed-role|federated-user)\/.+)$/;
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazon(aws)?\.com(\.cn)?$/;

/** The principal as AWS writes it into the statement: accounts become their root ARN. */
export function functionPrincipal(principal: string, partition = 'aws'): Statement['Principal'] {
  if (principal === '*') return '*';
  if (ACCOUNT.test(principal)) return { AWS: `arn:${partition}:iam::${principal}:root` };
  if (IAM_ARN.test(principal)) return { AWS: principal };
  if (SERVICE.test(principal)) return { Service: principal };
  throw new InvalidParameterValueException('The provided principal was invalid. Please check the principal and try again.');
}

/**
 * A RevisionId precondition holds when it names the current policy revision or the target's own
 * revision (what GetFunction/GetAlias report). AWS points at GetPolicy for aliases and at
 * GetFunction/GetAlias otherwise.
 */
function checkRevision(target: PolicyTarget, policy: PolicyDoc | undefined, revisionId: string | undefined): void {
  if (revisionId === undefined || revisionId === policy?.revisionId || revisionId === target.revisionId) return;
  const api = target.isAlias ? 'GetPolicy' : 'GetFunction/GetAlias';
  throw new PreconditionFailedException(`The Revision Id provided does not match the latest Revision Id. Call the ${api} API to retrieve the latest Revision Id`);
}

async function readPolicy(deps: StoreDep, target: PolicyTarget) {
  return deps.store.get<FunctionPolicyDoc>(FUNCTION_POLICY_KIND, target.scope, policyKey(target.ref.name, target.qualifier));
}

/** Writes (or, when nothing is left, deletes) a target's policy, guarded by what was read. */
async function writePolicy(deps: StoreDep, target: PolicyTarget, seq: number | undefined, policy: PolicyDoc | undefined): Promise<boolean> {
  const key = policyKey(target.ref.name, target.qualifier);
  const doc: FunctionPolicyDoc = { function: target.ref.name, ...(target.qualifier ? { qualifier: target.qualifier } : {}), policy: policy! };
  try {
    await deps.store.commit([policy
      ? { op: 'put', kind: FUNCTION_POLICY_KIND, scope: target.scope, key, parent: target.ref.name, doc, ...(seq === undefined ? { ifAbsent: true } : { ifSeq: seq }) }
      : { op: 'delete', kind: FUNCTION_POLICY_KIND, scope: target.scope, key, ...(seq === undefined ? {} : { ifSeq: seq }) }]);
    return true;
  } catch (err) {
    if (err instanceof StoreConflict) return false;
    throw err;
  }
}

export async function addPermission(deps: StoreDep, caller: Scope, input: AddPermissionRequest): Promise<AddPermissionResponse> {
  for (let attempt = 1; ; attempt++) {
    const target = await loadPolicyTarget(deps, caller, input.FunctionName, input.Qualifier, 'AddPermission');
    if (target.ref.qualifier === '$LATEST') {
      throw new InvalidParameterValueException('We currently do not support adding policies for $LATEST.');
    }
    const stored = await readPolicy(deps, target);
    checkRevision(target, stored?.doc.policy, input.RevisionId);
    const condition = conditionOf({
      sourceAccount: input.SourceAccount, eventSourceToken: input.EventSourceToken,
      functionUrlAuthType: input.FunctionUrlAuthType, principalOrgId: input.PrincipalOrgID, sourceArn: input.SourceArn,
      invokedViaFunctionUrl: input.InvokedViaFunctionUrl,
    });
    const statement: Statement = {
      Sid: input.StatementId, Effect: 'Allow', Principal: functionPrincipal(input.Principal, partitionOf(target.ref.region)), Action: input.Action,
      Resource: targetArn(target), ...(condition ? { Condition: condition } : {}),
    };
    const policy = withStatement(stored?.doc.policy, statement);
    if (await writePolicy(deps, target, stored?.seq, policy)) return { Statement: renderStatement(statement) };
    if (attempt >= WRITE_ATTEMPTS) throw updateInProgressOn(refArn(target.ref));
  }
}

export async function removePermission(deps: StoreDep, caller: Scope, input: RemovePermissionRequest): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const target = await loadPolicyTarget(deps, caller, input.FunctionName, input.Qualifier, 'RemovePermission', {
      ...DEFAULT_WORDING,
      function: (ref) => new ResourceNotFoundException(`No policy found for: ${refArn(ref)}`),
    });
    const stored = await readPolicy(deps, target);
    if (!stored) throw noPolicy();
    checkRevision(target, stored.doc.policy, input.RevisionId);
    const policy = withoutStatement(stored.doc.policy, input.StatementId);
    if (await writePolicy(deps, target, stored.seq, policy)) return;
    if (attempt >= WRITE_ATTEMPTS) throw updateInProgressOn(refArn(target.ref));
  }
}

const RESOURCE_MISSING = () => new ResourceNotFoundException('The resource you requested does not exist.');

export async function getPolicy(deps: StoreDep, caller: Scope, identifier: string, qualifier: string | undefined): Promise<GetPolicyResponse> {
  const target = await loadPolicyTarget(deps, caller, identifier, qualifier, 'GetPolicy', { function: RESOURCE_MISSING, qualifier: RESOURCE_MISSING });
  const stored = await readPolicy(deps, target);
  if (!stored) throw RESOURCE_MISSING();
  return { Policy: renderPolicy(stored.doc.policy), RevisionId: stored.doc.policy.revisionId };
}

/** The policy of a function (qualifier undefined or $LATEST), version or alias, if any. */
export async function functionPolicy(deps: StoreDep, scope: Scope, functionName: string, qualifier: string | undefined): Promise<PolicyDoc | undefined> {
  const stored = await deps.store.get<FunctionPolicyDoc>(FUNCTION_POLICY_KIND, scope, policyKey(functionName, qualifier));
  return stored?.doc.policy;
}
