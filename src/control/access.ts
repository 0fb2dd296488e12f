/**
 * Who may act on a resource of another account. Resource policies (AddPermission,
 * AddLayerVersionPermission) decide; until one allows the action, AWS answers with AccessDeniedException.
 */
import type { App } from '../app.js';
import { AccessDeniedException } from '../errors/catalogue.js';

export type CrossAccountCheck = (app: App, callerAccount: string, action: string, resourceArn: string) => Promise<boolean>;

let policyCheck: CrossAccountCheck = async () => false;

/** Lets the permissions family plug its policy evaluation in. */
export function setCrossAccountCheck(check: CrossAccountCheck): void {
  policyCheck = check;
}

/** Passes for the owner; for anyone else only where a resource policy allows it (never without `app`). */
export async function assertAllowed(callerAccount: string, ownerAccount: string, action: string, resourceArn: string, app?: App): Promise<void> {
  if (callerAccount === ownerAccount) return;
  if (app && await policyCheck(app, callerAccount, action, resourceArn)) return;
  throw new AccessDeniedException(
    `User: arn:aws:iam::${callerAccount}:root is not authorized to perform: lambda:${action} on resource: ${resourceArn} because no resource-based policy allows the lambda:${action} action`);
}
