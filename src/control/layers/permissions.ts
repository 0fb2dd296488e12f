/** AddLayerVersionPermission, RemoveLayerVersionPermission and GetLayerVersionPolicy. */
import type {
  AddLayerVersionPermissionRequest, AddLayerVersionPermissionResponse, GetLayerVersionPolicyResponse,
  RemoveLayerVersionPermissionRequest,
} from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import { partitionOf } from '../arn.js';
import type { Scope } from '../../store/types.js';
import { StoreConflict } from '../../store/types.js';
import { PreconditionFailedException } from '../../errors/catalogue.js';
import {
  conditionOf, noPolicy, renderPolicy, renderStatement, withStatement, withoutStatement, type PolicyDoc, type Statement,
} from '../permissions/policy.js';
import { LAYER_VERSION_KIND, layerVersionArn, layerVersionKey, type LayerVersionDoc } from './records.js';
import { loadLayerVersion, type LoadedLayerVersion } from './service.js';
import { WRITE_ATTEMPTS, updateInProgressOn } from '../write-attempts.js';

const missingVersion = (arn: string) => `Layer version ${arn} does not exist.`;

function checkRevision(policy: PolicyDoc | undefined, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== policy?.revisionId) {
    throw new PreconditionFailedException(
      'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id');
  }
}

/** Layer policies name accounts by their root ARN, as AWS prints them. */
function layerPrincipal(principal: string, partition: string): Statement['Principal'] {
  if (principal === '*') return '*';
  return { AWS: /^\d{12}$/.test(principal) ? `arn:${partition}:iam::${principal}:root` : principal };
}

/** Applies a change to a layer version's policy, reloading and retrying when another writer got there first. */
async function changePolicy(
  deps: StoreDep, caller: Scope, layerName: string, version: number, action: string,
  change: (loaded: LoadedLayerVersion) => PolicyDoc | undefined,
): Promise<PolicyDoc | undefined> {
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadLayerVersion(deps, caller, layerName, version, action, missingVersion);
    const policy = change(loaded);
    const { policy: _old, ...rest } = loaded.doc;
    const doc: LayerVersionDoc = { ...rest, ...(policy ? { policy } : {}) };
    try {
      await deps.store.commit([{
        op: 'put', kind: LAYER_VERSION_KIND, scope: loaded.scope, key: layerVersionKey(loaded.ref.name, version),
        parent: loaded.ref.name, doc, ifSeq: loaded.seq,
      }]);
      return policy;
    } catch (err) {
      if (!(err instanceof StoreConflict) || err.reason !== 'changed') throw err;
      if (attempt >= WRITE_ATTEMPTS) throw updateInProgressOn(layerVersionArn(loaded.ref, version));
    }
  }
}

export async function addLayerVersionPermission(
  deps: StoreDep, caller: Scope, input: AddLayerVersionPermissionRequest,
): Promise<AddLayerVersionPermissionResponse> {
  let statement: Statement | undefined;
  const policy = await changePolicy(deps, caller, input.LayerName, input.VersionNumber, 'AddLayerVersionPermission', (loaded) => {
    checkRevision(loaded.doc.policy, input.RevisionId);
    const condition = conditionOf({ principalOrgId: input.OrganizationId });
    statement = {
      Sid: input.StatementId, Effect: 'Allow', Principal: layerPrincipal(input.Principal, partitionOf(loaded.ref.region)),
      Action: input.Action, Resource: layerVersionArn(loaded.ref, input.VersionNumber), ...(condition ? { Condition: condition } : {}),
    };
    return withStatement(loaded.doc.policy, statement);
  });
  return { RevisionId: policy!.revisionId, Statement: renderStatement(statement!) };
}

export async function removeLayerVersionPermission(deps: StoreDep, caller: Scope, input: RemoveLayerVersionPermissionRequest): Promise<void> {
  await changePolicy(deps, caller, input.LayerName, input.VersionNumber, 'RemoveLayerVersionPermission', (loaded) => {
    checkRevision(loaded.doc.policy, input.RevisionId);
    const policy = loaded.doc.policy ?? { revisionId: '', statements: [] };
    return withoutStatement(policy, input.StatementId);
  });
}

export async function getLayerVersionPolicy(
  deps: StoreDep, caller: Scope, layerName: string, version: number,
): Promise<GetLayerVersionPolicyResponse> {
  const loaded = await loadLayerVersion(deps, caller, layerName, version, 'GetLayerVersionPolicy', missingVersion);
  const policy = loaded.doc.policy;
  if (!policy) throw noPolicy();
  return { Policy: renderPolicy(policy), RevisionId: policy.revisionId };
}
