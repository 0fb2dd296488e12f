/**
 * Who may act on a resource of another account. Resource policies (AddPermission) decide; until one
 * allows the action, AWS answers with AccessDeniedException.
 */
import { AccessDeniedException } from '../errors/catalogue.js';

export type CrossAccountCheck = (callerAccount: string, action: string, resourceArn: string) => Promise<boolean>;

let policyCheck: CrossAccountCheck = async () => false;

/** Lets the permissions family plug its policy evaluation in. */
export function setCrossAccountCheck(check: CrossAccountCheck): void {
  policyCheck = check;
}

export async function assertAllowed(callerAccount: string, ownerAccount: string, action: string, resourceArn: string): Promise<void> {
  if (callerAccount === ownerAccount) return;
  if (await policyCheck(callerAccount, action, resourceArn)) return;
  throw new AccessDeniedException(
    `User: arn:aws:iam::${callerAccount}:root is not authorized to perform: lambda:${action} on resource: ${resourceArn} because no resource-based policy allows the lambda:${action} action`);
}
