/**
 * Provisioned concurrency configs of published versions and aliases. Put stores the config and answers
 * as AWS does when it starts allocating; the allocator (provisioning.ts) starts the environments, and
 * reads report this node's allocation: IN_PROGRESS while they init, READY once all are up, FAILED with
 * AWS's reason when their init fails.
 */
import type {
  GetProvisionedConcurrencyConfigResponse, ListProvisionedConcurrencyConfigsRequest, ListProvisionedConcurrencyConfigsResponse,
  ProvisionedConcurrencyConfigListItem, PutProvisionedConcurrencyConfigRequest, PutProvisionedConcurrencyConfigResponse,
} from '../../model/types.generated.js';
import type { CodeCacheDep, ProvisioningDep, StoreDep } from '../deps.js';
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
import { configSnapshot, configTag } from './provisioning.js';

const DEFAULT_PAGE = 50;

interface LiveConfig { doc: ProvisionedConcurrencyDoc; seq: number; version: string }

/** What reads need: the store, the code cache (to name the version's environments) and the engine. */
export type ProvisionedReadDeps = StoreDep & CodeCacheDep & ProvisioningDep;

/** The config as this node has allocated it; a config the allocator has not taken up yet is IN_PROGRESS. */
async function allocation(deps: ProvisionedReadDeps, scope: Scope, functionName: string, doc: ProvisionedConcurrencyDoc, seq: number): Promise<GetProvisionedConcurrencyConfigResponse> {
  const fn = await configSnapshot(deps, scope, functionName, doc.qualifier);
  const state = fn && deps.engine.provisionedState(fn.envKey);
  const current = state !== undefined && state.tag.split(',').includes(configTag(seq));
  const allocated = current ? Math.min(state.ready, doc.requested) : 0;
  return {
    RequestedProvisionedConcurrentExecutions: doc.requested,
    AvailableProvisionedConcurrentExecutions: allocated,
    AllocatedProvisionedConcurrentExecutions: allocated,
    Status: current ? state.status : 'IN_PROGRESS',
    ...(current && state.statusReason ? { StatusReason: state.statusReason } : {}),
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
    else live.push({ doc, seq, version });
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

export async function getProvisionedConcurrencyConfig(deps: ProvisionedReadDeps, caller: Scope, identifier: string, qualifier: string): Promise<GetProvisionedConcurrencyConfigResponse> {
  const ref = provisionedRef(caller, identifier, qualifier, NOT_ALIAS_OR_VERSION);
  const { loaded } = await resolveProvisionedTarget(deps, caller, ref, 'GetProvisionedConcurrencyConfig');
  const stored = await deps.store.get<ProvisionedConcurrencyDoc>(PROVISIONED_CONCURRENCY_KIND, loaded.scope, provisionedKey(loaded.ref.name, ref.qualifier));
  if (!stored) throw new ProvisionedConcurrencyConfigNotFoundException('No Provisioned Concurrency Config found for this function');
  return allocation(deps, loaded.scope, loaded.ref.name, stored.doc, stored.seq);
}

/** Deleting a config that does not exist succeeds, as on AWS. */
export async function deleteProvisionedConcurrencyConfig(deps: StoreDep, caller: Scope, identifier: string, qualifier: string): Promise<void> {
  const ref = provisionedRef(caller, identifier, qualifier, NOT_ALIAS_OR_VERSION);
  const { loaded } = await resolveProvisionedTarget(deps, caller, ref, 'DeleteProvisionedConcurrencyConfig');
  await deps.store.commit([
    { op: 'delete', kind: PROVISIONED_CONCURRENCY_KIND, scope: loaded.scope, key: provisionedKey(loaded.ref.name, ref.qualifier) },
  ]);
}

export async function listProvisionedConcurrencyConfigs(deps: ProvisionedReadDeps, caller: Scope, input: ListProvisionedConcurrencyConfigsRequest): Promise<ListProvisionedConcurrencyConfigsResponse> {
  const action = 'ListProvisionedConcurrencyConfigs';
  const loaded = await loadFunction(deps, caller, input.FunctionName, action);
  const limit = input.MaxItems ?? DEFAULT_PAGE;
  const after = input.Marker !== undefined ? decodeMarker(input.Marker) : undefined;
  const configs = (await liveConfigs(deps, caller, loaded, action))
    .filter((c) => after === undefined || c.doc.qualifier > after);
  const page = configs.slice(0, limit);
  const items: ProvisionedConcurrencyConfigListItem[] = [];
  for (const { doc, seq } of page) {
    items.push({ FunctionArn: functionArn(loaded.ref, doc.qualifier), ...await allocation(deps, loaded.scope, loaded.ref.name, doc, seq) });
  }
  const last = page[page.length - 1];
  return { ProvisionedConcurrencyConfigs: items, ...(configs.length > limit && last ? { NextMarker: encodeMarker(last.doc.qualifier) } : {}) };
}
