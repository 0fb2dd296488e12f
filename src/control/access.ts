/**
 * Who may act on a resource of another account. Resource policies (AddPermission,
 * AddLayerVersionPermission) decide; until one allows the action, AWS answers with AccessDeniedException.
 */
import type { StoreDep } from './deps.js';
import { AccessDeniedException } from '../errors/catalogue.js';

export type CrossAccountCheck = (deps: StoreDep, callerAccount: string, action: string, resourceArn: string) => Promise<boolean>;

let policyCheck: CrossAccountCheck = async () => false;

/** Lets the permissions family plug its policy evaluation in. */
export function setCrossAccountCheck(check: CrossAccountCheck): void {
  policyCheck = check;
}

/** Passes for the owner; for anyone else only where a resource policy allows it (never without `deps`). */
export async function assertAllowed(callerAccount: string, ownerAccount: string, action: string, resourceArn: string, deps?: StoreDep): Promise<void> {
  if (callerAccount === ownerAccount) return;
  if (deps && await policyCheck(deps, callerAccount, action, resourceArn)) return;
  throw new AccessDeniedException(
    `User: arn:${resourceArn.split(':')[1] || 'aws'}:iam::${callerAccount}:root is not authorized to perform: lambda:${action} on resource: ${resourceArn} because no resource-based policy allows the lambda:${action} action`);
}
