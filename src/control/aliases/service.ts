/** CreateAlias, GetAlias, UpdateAlias, DeleteAlias, ListAliases. */
import type {
  AliasConfiguration, AliasRoutingConfiguration, CreateAliasRequest, ListAliasesRequest, ListAliasesResponse,
  UpdateAliasRequest,
} from '../../model/types.generated.js';
import type { DependantsDep, StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { StoreConflict } from '../../store/types.js';
import {
  PreconditionFailedException, ResourceConflictException, ResourceNotFoundException,
} from '../../errors/catalogue.js';
import { assertAllowed } from '../access.js';
import { functionArn, functionNotFound, parseFunctionRef, type FunctionRef } from '../arn.js';
import { FUNCTION_KIND, newRevisionId, type FunctionDoc } from '../functions/records.js';
import { loadFunction } from '../functions/service.js';
import { decodeMarker, encodeMarker } from '../functions/listing.js';
import { ALIAS_KIND, aliasKey, getAlias, listAliasDocs, type AliasDoc } from './records.js';
import { checkAliasTarget } from './routing.js';
import { WRITE_ATTEMPTS } from '../write-attempts.js';

const DEFAULT_PAGE = 50;

/** The alias as AWS answers it; an empty routing configuration is not shown. */
function aliasConfig(ref: FunctionRef, name: string, version: string, description: string, weights: Record<string, number>): AliasDoc {
  return {
    AliasArn: functionArn(ref, name),
    Description: description,
    FunctionVersion: version,
    Name: name,
    RevisionId: newRevisionId(),
    ...(Object.keys(weights).length ? { RoutingConfig: { AdditionalVersionWeights: weights } } : {}),
  };
}

function weightsOf(routing: AliasRoutingConfiguration | undefined): Record<string, number> {
  return { ...(routing?.AdditionalVersionWeights ?? {}) };
}

/** CreateAlias names the target version in its 404 for a missing function. */
async function loadForCreate(deps: StoreDep, caller: Scope, identifier: string, version: string) {
  const ref = parseFunctionRef(identifier, caller);
  const scope: Scope = { accountId: ref.accountId, region: ref.region };
  await assertAllowed(caller.accountId, ref.accountId, 'CreateAlias', functionArn(ref));
  const stored = await deps.store.get<FunctionDoc>(FUNCTION_KIND, scope, ref.name);
  if (!stored) throw functionNotFound(ref, version);
  return { ref, scope, doc: stored.doc };
}

export async function createAlias(deps: StoreDep, caller: Scope, input: CreateAliasRequest): Promise<AliasConfiguration> {
  const { ref, scope, doc } = await loadForCreate(deps, caller, input.FunctionName, input.FunctionVersion);
  const weights = weightsOf(input.RoutingConfig);
  await checkAliasTarget(deps, scope, ref, doc, input.FunctionVersion, weights);
  const alias = aliasConfig(ref, input.Name, input.FunctionVersion, input.Description ?? '', weights);
  try {
    await deps.store.commit([
      { op: 'put', kind: ALIAS_KIND, scope, key: aliasKey(ref.name, input.Name), parent: ref.name, doc: alias, ifAbsent: true },
    ]);
  } catch (err) {
    if (err instanceof StoreConflict) throw new ResourceConflictException(`Alias already exists: ${alias.AliasArn}`);
    throw err;
  }
  return alias;
}

export async function getAliasConfig(deps: StoreDep, caller: Scope, identifier: string, name: string): Promise<AliasConfiguration> {
  const loaded = await loadFunction(deps, caller, identifier, 'GetAlias');
  const stored = await getAlias(deps, loaded.scope, loaded.ref.name, name);
  if (!stored) throw new ResourceNotFoundException(`Cannot find alias arn: ${functionArn(loaded.ref, name)}`);
  return stored.doc;
}

export async function updateAlias(deps: StoreDep, caller: Scope, input: UpdateAliasRequest): Promise<AliasConfiguration> {
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadFunction(deps, caller, input.FunctionName, 'UpdateAlias');
    const stored = await getAlias(deps, loaded.scope, loaded.ref.name, input.Name);
    if (!stored) throw new ResourceNotFoundException(`Alias not found: ${functionArn(loaded.ref, input.Name)}`);
    if (input.RevisionId !== undefined && input.RevisionId !== stored.doc.RevisionId) {
      throw new PreconditionFailedException('The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
    }
    const version = input.FunctionVersion ?? stored.doc.FunctionVersion;
    const weights = weightsOf(input.RoutingConfig !== undefined ? input.RoutingConfig : stored.doc.RoutingConfig);
    await checkAliasTarget(deps, loaded.scope, loaded.ref, loaded.doc, version, weights);
    const alias = aliasConfig(loaded.ref, input.Name, version, input.Description ?? stored.doc.Description ?? '', weights);
    try {
      await deps.store.commit([{
        op: 'put', kind: ALIAS_KIND, scope: loaded.scope, key: stored.key, parent: loaded.ref.name, doc: alias, ifSeq: stored.seq,
      }]);
      return alias;
    } catch (err) {
      if (!(err instanceof StoreConflict) || attempt >= WRITE_ATTEMPTS) throw err;
    }
  }
}

/** Deleting an alias that does not exist succeeds, as on AWS; what every family keeps for it goes in the same batch. */
export async function deleteAlias(deps: StoreDep & DependantsDep, caller: Scope, identifier: string, name: string): Promise<void> {
  const loaded = await loadFunction(deps, caller, identifier, 'DeleteAlias');
  await deps.store.commit([
    { op: 'delete', kind: ALIAS_KIND, scope: loaded.scope, key: aliasKey(loaded.ref.name, name) },
    ...deps.dependants.ofAlias(loaded.scope, loaded.ref.name, name),
  ]);
}

export async function listAliases(deps: StoreDep, caller: Scope, input: ListAliasesRequest): Promise<ListAliasesResponse> {
  const loaded = await loadFunction(deps, caller, input.FunctionName, 'ListAliases');
  const limit = input.MaxItems ?? DEFAULT_PAGE;
  const after = input.Marker !== undefined ? decodeMarker(input.Marker) : undefined;
  const all = (await listAliasDocs(deps, loaded.scope, loaded.ref.name)).map(({ doc }) => doc);
  const matching = all.filter((alias) => (input.FunctionVersion === undefined || alias.FunctionVersion === input.FunctionVersion)
    && (after === undefined || alias.Name > after));
  const page = matching.slice(0, limit);
  const last = page[page.length - 1];
  return { Aliases: page, ...(matching.length > limit && last ? { NextMarker: encodeMarker(last.Name) } : {}) };
}
