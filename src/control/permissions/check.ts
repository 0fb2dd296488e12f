/**
 * The cross-account check behind `assertAllowed`: a caller from another account may act on a function
 * (or one of its versions or aliases) or a layer version only where that resource's policy has a
 * statement allowing the caller's account, its root ARN or everyone for that action.
 */
import type { StoreDep } from '../deps.js';
import { setCrossAccountCheck } from '../access.js';
import { splitIdentifier } from '../arn.js';
import { LAYER_VERSION_KIND, layerVersionKey, parseLayerVersionArn, type LayerVersionDoc } from '../layers/records.js';
import { allowsAccount, type PolicyDoc } from './policy.js';
import { functionPolicy } from './service.js';

const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:[^:]+:\d{12}:function:/;

async function resourcePolicy(deps: StoreDep, resourceArn: string): Promise<PolicyDoc | undefined> {
  const layer = parseLayerVersionArn(resourceArn);
  if (layer) {
    const stored = await deps.store.get<LayerVersionDoc>(LAYER_VERSION_KIND, layer, layerVersionKey(layer.name, layer.version));
    return stored?.doc.policy;
  }
  const parts = FUNCTION_ARN.test(resourceArn) ? splitIdentifier(resourceArn) : undefined;
  if (!parts?.account || !parts.region) return undefined;
  return functionPolicy(deps, { accountId: parts.account, region: parts.region }, parts.name, parts.qualifier);
}

export async function crossAccountAllowed(deps: StoreDep, callerAccount: string, action: string, resourceArn: string): Promise<boolean> {
  return allowsAccount(await resourcePolicy(deps, resourceArn), callerAccount, action);
}

/** Installs the check; the permissions family does this once at start-up. */
export function installPermissionChecks(): void {
  setCrossAccountCheck(crossAccountAllowed);
}
