/**
 * Provisioned concurrency configs of published versions and aliases. Lambkin has no cold-start penalty
 * to pre-warm, so a config is only stored: Put answers as AWS does when it starts allocating, and reads
 * report the config READY, fully allocated, as AWS does once allocation is done.
 */
import type {
  GetProvisionedConcurrencyConfigResponse, ListProvisionedConcurrencyConfigsRequest, ListProvisionedConcurrencyConfigsResponse,
  ProvisionedConcurrencyConfigListItem, PutProvisionedConcurrencyConfigRequest, PutProvisionedConcurrencyConfigResponse,
} from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope, WriteOp } from '../../store/types.js';
import {
  InvalidParameterValueException, ProvisionedConcurrencyConfigNotFoundException, ResourceConflictException,
} from '../../errors/catalogue.js';
import { functionArn } from '../arn.js';
import { loadFunction, type LoadedFunction } from '../functions/service.js';
import { decodeMarker, encodeMarker } from '../functions/listing.js';
import { unreservedConcurrency } from './pool.js';
import { reservedConcurrency } from './reserved.js';
import {
  MINIMUM_UNRESERVED_CONCURRENCY, PROVISIONED_CONCURRENCY_KIND, isVersionQualifier, provisionedKey, provisionedTimestamp,
  type ProvisionedConcurrencyDoc,
} from './records.js';
import {
  NOT_ALIAS_OR_VERSION, NOT_PUBLISHED, currentVersion, provisionedRef, resolveProvisionedTarget, type ProvisionedTarget,
} from './targets.js';

const DEFAULT_PAGE = 50;

interface LiveConfig { doc: ProvisionedConcurrencyDoc; version: string }

function ready(doc: ProvisionedConcurrencyDoc): GetProvisionedConcurrencyConfigResponse {
  return {
    RequestedProvisionedConcurrentExecutions: doc.requested,
    AvailableProvisionedConcurrentExecutions: doc.requested,
    AllocatedProvisionedConcurrentExecutions: doc.requested,
    Status: 'READY',
    LastModified: doc.lastModified,
  };
}

/**
 * The function's configs whose version or alias still exists, with the version each runs; configs
 * left behind by a deleted version or alias are removed on the way.
 */
export async function liveConfigs(deps: StoreDep, caller: Scope, loaded: LoadedFunction, action: string): Promise<LiveConfig[]> {
  const stored = await deps.store.list<ProvisionedConcurrencyDoc>(PROVISIONED_CONCURRENCY_KIND, loaded.scope, { parent: loaded.ref.name });
  const live: LiveConfig[] = [];
  const stale: WriteOp[] = [];
  for (const { key, doc, seq } of stored) {
    const version = await currentVersion(deps, caller, loaded, doc.qualifier, action);
    if (version === undefined) stale.push({ op: 'delete', kind: PROVISIONED_CONCURRENCY_KIND, scope: loaded.scope, key, ifSeq: seq });
    else live.push({ doc, version });
  }
  if (stale.length) await deps.store.commit(stale).catch(() => undefined);
  return live;
}

function checkConflicts(target: ProvisionedTarget, configs: LiveConfig[]): void {
  if (isVersionQualifier(target.qualifier)) {
    if (configs.some((c) => !isVersionQualifier(c.doc.qualifier) && c.version === target.qualifier)) {
      throw new ResourceConflictException('Version is pointed by a Provisioned Concurrency alias');
    }
  } else if (configs.some((c) => c.doc.qualifier === target.version)) {
    throw new ResourceConflictException("Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version");
  }
}

async function checkLimits(deps: StoreDep, target: ProvisionedTarget, configs: LiveConfig[], requested: number): Promise<void> {
  const { scope, ref } = target.loaded;
  const key = provisionedKey(ref.name, target.qualifier);
  const reserved = await reservedConcurrency(deps, scope, ref.name);
  if (reserved !== undefined) {
    const others = configs.filter((c) => c.doc.qualifier !== target.qualifier).reduce((sum, c) => sum + c.doc.requested, 0);
    if (others + requested > reserved) {
      throw new InvalidParameterValueException('Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function');
    }
    return;
  }
  const unreserved = await unreservedConcurrency(deps, scope, { provisionedKey: key });
  if (requested > unreserved) {
    throw new InvalidParameterValueException(
      `Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [${unreserved}].`, { type: undefined });
  }
  if (unreserved - requested < MINIMUM_UNRESERVED_CONCURRENCY) {
    throw new InvalidParameterValueException(
      `Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${MINIMUM_UNRESERVED_CONCURRENCY}].`,
      { type: undefined });
  }
}

export async function putProvisionedConcurrencyConfig(deps: StoreDep, caller: Scope, input: PutProvisionedConcurrencyConfigRequest): Promise<PutProvisionedConcurrencyConfigResponse> {
  const action = 'PutProvisionedConcurrencyConfig';
  const ref = provisionedRef(caller, input.FunctionName, input.Qualifier, NOT_PUBLISHED);
  const target = await resolveProvisionedTarget(deps, caller, ref, action);
  const configs = await liveConfigs(deps, caller, target.loaded, action);
  checkConflicts(target, configs);
  await checkLimits(deps, target, configs, input.ProvisionedConcurrentExecutions);
  const { scope, ref: fn } = target.loaded;
  const doc: ProvisionedConcurrencyDoc = {
    qualifier: target.qualifier, requested: input.ProvisionedConcurrentExecutions, lastModified: provisionedTimestamp(),
  };
  await deps.store.commit([{
    op: 'put', kind: PROVISIONED_CONCURRENCY_KIND, scope, key: provisionedKey(fn.name, target.qualifier), parent: fn.name, doc,
  }]);
  return {
    RequestedProvisionedConcurrentExecutions: doc.requested,
    AvailableProvisionedConcurrentExecutions: 0,
    AllocatedProvisionedConcurrentExecutions: 0,
    Status: 'IN_PROGRESS',
    LastModified: doc.lastModified,
  };
}

export async function getProvisionedConcurrencyConfig(deps: StoreDep, caller: Scope, identifier: string, qualifier: string): Promise<GetProvisionedConcurrencyConfigResponse> {
  const ref = provisionedRef(caller, identifier, qualifier, NOT_ALIAS_OR_VERSION);
  const { loaded } = await resolveProvisionedTarget(deps, caller, ref, 'GetProvisionedConcurrencyConfig');
  const stored = await deps.store.get<ProvisionedConcurrencyDoc>(PROVISIONED_CONCURRENCY_KIND, loaded.scope, provisionedKey(loaded.ref.name, ref.qualifier));
  if (!stored) throw new ProvisionedConcurrencyConfigNotFoundException('No Provisioned Concurrency Config found for this function');
  return ready(stored.doc);
}

/** Deleting a config that does not exist succeeds, as on AWS. */
export async function deleteProvisionedConcurrencyConfig(deps: StoreDep, caller: Scope, identifier: string, qualifier: string): Promise<void> {
  const ref = provisionedRef(caller, identifier, qualifier, NOT_ALIAS_OR_VERSION);
  const { loaded } = await resolveProvisionedTarget(deps, caller, ref, 'DeleteProvisionedConcurrencyConfig');
  await deps.store.commit([
    { op: 'delete', kind: PROVISIONED_CONCURRENCY_KIND, scope: loaded.scope, key: provisionedKey(loaded.ref.name, ref.qualifier) },
  ]);
}

export async function listProvisionedConcurrencyConfigs(deps: StoreDep, caller: Scope, input: ListProvisionedConcurrencyConfigsRequest): Promise<ListProvisionedConcurrencyConfigsResponse> {
  const action = 'ListProvisionedConcurrencyConfigs';
  const loaded = await loadFunction(deps, caller, input.FunctionName, action);
  const limit = input.MaxItems ?? DEFAULT_PAGE;
  const after = input.Marker !== undefined ? decodeMarker(input.Marker) : undefined;
  const configs = (await liveConfigs(deps, caller, loaded, action))
    .filter((c) => after === undefined || c.doc.qualifier > after);
  const page = configs.slice(0, limit);
  const items: ProvisionedConcurrencyConfigListItem[] = page.map(({ doc }) => ({
    FunctionArn: functionArn(loaded.ref, doc.qualifier), ...ready(doc),
  }));
  const last = page[page.length - 1];
  return { ProvisionedConcurrencyConfigs: items, ...(configs.length > limit && last ? { NextMarker: encodeMarker(last.doc.qualifier) } : {}) };
}
