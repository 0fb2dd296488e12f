/**
 * PutRuntimeManagementConfig / GetRuntimeManagementConfig, per version ($LATEST when no qualifier).
 * Lambkin runs one build of each runtime, so the setting is recorded and reported, not acted on.
 */
import type {
  GetRuntimeManagementConfigResponse, PutRuntimeManagementConfigRequest, PutRuntimeManagementConfigResponse,
} from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import { functionArn } from '../arn.js';
import { loadFunction, versionOf } from '../functions/service.js';
import {
  DEFAULT_UPDATE_RUNTIME_ON, RUNTIME_MANAGEMENT_KIND, runtimeManagementKey, type RuntimeManagementDoc,
} from './records.js';

interface RuntimeTarget { scope: Scope; name: string; version: string; arn: string }

/** The version a qualifier names, and the ARN AWS reports for it (unqualified for $LATEST). */
async function resolve(deps: StoreDep, caller: Scope, identifier: string, qualifier: string | undefined, action: string): Promise<RuntimeTarget> {
  const loaded = await loadFunction(deps, caller, identifier, action, qualifier);
  const config = (await versionOf(loaded)).config;
  const version = config.Version ?? '$LATEST';
  const arn = version === '$LATEST' ? functionArn(loaded.ref) : config.FunctionArn ?? functionArn(loaded.ref, version);
  return { scope: loaded.scope, name: loaded.ref.name, version, arn };
}

export async function putRuntimeManagementConfig(deps: StoreDep, caller: Scope, input: PutRuntimeManagementConfigRequest): Promise<PutRuntimeManagementConfigResponse> {
  if (input.UpdateRuntimeOn === 'Manual' && input.RuntimeVersionArn === undefined) {
    throw new InvalidParameterValueException('RuntimeVersionArn must be specified when UpdateRuntimeOn is Manual.');
  }
  const target = await resolve(deps, caller, input.FunctionName, input.Qualifier, 'PutRuntimeManagementConfig');
  // Only the Manual mode pins a runtime version; the others follow the latest one.
  const doc: RuntimeManagementDoc = {
    updateRuntimeOn: input.UpdateRuntimeOn,
    ...(input.UpdateRuntimeOn === 'Manual' ? { runtimeVersionArn: input.RuntimeVersionArn! } : {}),
  };
  await deps.store.commit([{
    op: 'put', kind: RUNTIME_MANAGEMENT_KIND, scope: target.scope, key: runtimeManagementKey(target.name, target.version),
    parent: target.name, doc,
  }]);
  return {
    UpdateRuntimeOn: doc.updateRuntimeOn, FunctionArn: target.arn,
    ...(doc.runtimeVersionArn ? { RuntimeVersionArn: doc.runtimeVersionArn } : {}),
  };
}

export async function getRuntimeManagementConfig(deps: StoreDep, caller: Scope, identifier: string, qualifier?: string): Promise<GetRuntimeManagementConfigResponse> {
  const target = await resolve(deps, caller, identifier, qualifier, 'GetRuntimeManagementConfig');
  const stored = await deps.store.get<RuntimeManagementDoc>(RUNTIME_MANAGEMENT_KIND, target.scope, runtimeManagementKey(target.name, target.version));
  const doc = stored?.doc ?? { updateRuntimeOn: DEFAULT_UPDATE_RUNTIME_ON };
  return {
    UpdateRuntimeOn: doc.updateRuntimeOn,
    ...(doc.runtimeVersionArn ? { RuntimeVersionArn: doc.runtimeVersionArn } : {}),
    FunctionArn: target.arn,
  };
}
