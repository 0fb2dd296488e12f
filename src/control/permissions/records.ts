/** Function policies as stored: one document per function, version or alias that has statements. */
import type { PolicyDoc } from './policy.js';

/** Key `${function}:${qualifier}` (empty qualifier for the function itself), parent = function name. */
export const FUNCTION_POLICY_KIND = 'function-policy';

export interface FunctionPolicyDoc {
  function: string;
  /** Undefined for the unqualified function (which $LATEST shares). */
  qualifier?: string;
  policy: PolicyDoc;
}

/** $LATEST has no policy of its own: it answers to the unqualified function's. */
export function policyKey(functionName: string, qualifier: string | undefined): string {
  return `${functionName}:${qualifier === undefined || qualifier === '$LATEST' ? '' : qualifier}`;
}
