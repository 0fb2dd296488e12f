/**
 * Whether the resource policy lets a call through a function URL in, as AWS enforces it since
 * October 2025: a statement allowing lambda:InvokeFunctionUrl (for this URL's auth type) and one
 * allowing lambda:InvokeFunction (plain, or only when invoked via a function URL). An AWS_IAM caller
 * of the owning account needs no statement: its own identity lets it in.
 */
import type { StoreDep } from '../../deps.js';
import type { Scope } from '../../../store/types.js';
import { actionMatches, principalMatches, type PolicyDoc, type Statement } from '../../permissions/policy.js';
import { functionPolicy } from '../../permissions/service.js';
import type { FunctionUrlDoc } from '../records.js';

/** Conditions a URL call satisfies: its auth type, being a URL call; any other key is one Lambkin cannot vouch for. */
function conditionsHold(condition: Statement['Condition'], authType: string): boolean {
  if (condition === undefined) return true;
  for (const [operator, keys] of Object.entries(condition)) {
    for (const [key, value] of Object.entries(keys)) {
      if (operator === 'StringEquals' && key === 'lambda:FunctionUrlAuthType' && value === authType) continue;
      if (operator === 'Bool' && key === 'lambda:InvokedViaFunctionUrl' && value === 'true') continue;
      return false;
    }
  }
  return true;
}

function allows(policy: PolicyDoc | undefined, action: string, account: string | undefined, authType: string): boolean {
  return (policy?.statements ?? []).some((s) => s.Effect === 'Allow' && actionMatches(s.Action, action)
    && principalMatches(s.Principal, account) && conditionsHold(s.Condition, authType));
}

/** Both statements a URL call needs; `account` undefined for an anonymous (NONE) caller. */
export function policyAdmitsUrlCall(policy: PolicyDoc | undefined, authType: string, account: string | undefined): boolean {
  return allows(policy, 'InvokeFunctionUrl', account, authType) && allows(policy, 'InvokeFunction', account, authType);
}

export async function urlCallAllowed(deps: StoreDep, scope: Scope, url: FunctionUrlDoc, callerAccount: string | undefined): Promise<boolean> {
  if (url.authType === 'AWS_IAM' && callerAccount === scope.accountId) return true;
  const account = url.authType === 'AWS_IAM' ? callerAccount : undefined;
  return policyAdmitsUrlCall(await functionPolicy(deps, scope, url.functionName, url.qualifier), url.authType, account);
}
