/**
 * What hangs off one qualifier of a function (a published version or an alias): its resource policy,
 * its event invoke config and its provisioned concurrency config. They go in the same batch as the
 * version or alias, so a later alias of the same name starts with none of them.
 */
import type { Scope, WriteOp } from '../store/types.js';
import { PROVISIONED_CONCURRENCY_KIND, provisionedKey } from './concurrency/records.js';
import { EVENT_INVOKE_CONFIG_KIND, configKey } from './event-invoke-configs/records.js';
import { FUNCTION_POLICY_KIND, policyKey } from './permissions/records.js';

export function qualifierRemnantDeletes(scope: Scope, functionName: string, qualifier: string): WriteOp[] {
  return [
    { op: 'delete', kind: FUNCTION_POLICY_KIND, scope, key: policyKey(functionName, qualifier) },
    { op: 'delete', kind: EVENT_INVOKE_CONFIG_KIND, scope, key: configKey(functionName, qualifier) },
    { op: 'delete', kind: PROVISIONED_CONCURRENCY_KIND, scope, key: provisionedKey(functionName, qualifier) },
  ];
}

/** The same for a whole function: the policies and configs of the function and all its qualifiers. */
export function functionRemnantDeletes(scope: Scope, functionName: string): WriteOp[] {
  return [FUNCTION_POLICY_KIND, EVENT_INVOKE_CONFIG_KIND, PROVISIONED_CONCURRENCY_KIND]
    .map((kind) => ({ op: 'deleteChildren', kind, scope, parent: functionName }) as const);
}
