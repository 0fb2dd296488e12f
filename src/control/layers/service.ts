/** Layer lifecycle: publish, read, delete and list layer versions, with AWS's rules and wording. */
import type {
  GetLayerVersionResponse, ListLayersRequest, ListLayersResponse, ListLayerVersionsRequest, ListLayerVersionsResponse,
  LayerVersionsListItem, LayersListItem, PublishLayerVersionRequest,
} from '../../model/types.generated.js';
import type { BlobsDep, ConfigDep, LinksDep, StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { StoreConflict } from '../../store/types.js';
import { InvalidParameterValueException, ResourceNotFoundException } from '../../errors/catalogue.js';
import { assertAllowed } from '../access.js';
import { lastModified } from '../functions/records.js';
import { storePackage } from '../functions/code-source.js';
import { decodeMarker, encodeMarker } from '../functions/listing.js';
import {
  LAYER_KIND, LAYER_VERSION_KIND, layerArn, layerVersionArn, layerVersionKey, listItem, parseLayerName,
  type LayerDoc, type LayerRef, type LayerVersionDoc,
} from './records.js';

const DEFAULT_PAGE = 50;

export interface LoadedLayerVersion { ref: LayerRef; scope: Scope; doc: LayerVersionDoc; seq: number }

function scopeOf(ref: LayerRef): Scope {
  return { accountId: ref.accountId, region: ref.region };
}

export function checkVersionNumber(version: number): void {
  if (version < 1) throw new InvalidParameterValueException('Layer Version Cannot be less than 1');
}

/**
 * A region sees only its own layers, as each AWS region is its own service: another region's layer
 * ARN names nothing here.
 */
function inOtherRegion(ref: LayerRef, caller: Scope): boolean {
  return ref.region !== caller.region;
}

/** Another account's layer is reachable only where its policy allows the caller. */
export async function assertLayerAccess(deps: StoreDep, caller: Scope, ref: LayerRef, version: number, action: string): Promise<void> {
  await assertAllowed(caller.accountId, ref.accountId, action, layerVersionArn(ref, version), deps);
}

export async function findLayerVersion(deps: StoreDep, ref: LayerRef, version: number): Promise<{ doc: LayerVersionDoc; seq: number } | undefined> {
  return deps.store.get<LayerVersionDoc>(LAYER_VERSION_KIND, scopeOf(ref), layerVersionKey(ref.name, version));
}

/** The layer version a request names, or AWS's 404 with the given message. */
export async function loadLayerVersion(
  deps: StoreDep, caller: Scope, nameOrArn: string, version: number, action: string, missing: (arn: string) => string,
): Promise<LoadedLayerVersion> {
  checkVersionNumber(version);
  const ref = parseLayerName(nameOrArn, caller);
  if (inOtherRegion(ref, caller)) throw new ResourceNotFoundException(missing(layerVersionArn(ref, version)));
  await assertLayerAccess(deps, caller, ref, version, action);
  const stored = await findLayerVersion(deps, ref, version);
  if (!stored) throw new ResourceNotFoundException(missing(layerVersionArn(ref, version)));
  return { ref, scope: scopeOf(ref), doc: stored.doc, seq: stored.seq };
}

export const RESOURCE_MISSING = () => 'The resource you requested does not exist.';

/** GetLayerVersion's answer (also PublishLayerVersion's). */
export function layerVersionView(deps: LinksDep, ref: LayerRef, doc: LayerVersionDoc): GetLayerVersionResponse {
  const item = listItem(ref, doc);
  return {
    ...(item.CompatibleArchitectures ? { CompatibleArchitectures: item.CompatibleArchitectures } : {}),
    ...(item.CompatibleRuntimes ? { CompatibleRuntimes: item.CompatibleRuntimes } : {}),
    Content: { CodeSha256: doc.codeSha256, CodeSize: doc.codeSize, Location: deps.links.url(doc.codeKey) },
    CreatedDate: item.CreatedDate!,
    Description: item.Description!,
    LayerArn: layerArn(ref),
    LayerVersionArn: item.LayerVersionArn!,
    ...(item.LicenseInfo !== undefined ? { LicenseInfo: item.LicenseInfo } : {}),
    Version: doc.version,
  };
}

export async function publishLayerVersion(deps: StoreDep & LinksDep & BlobsDep & ConfigDep, caller: Scope, input: PublishLayerVersionRequest): Promise<GetLayerVersionResponse> {
  const ref = parseLayerName(input.LayerName, caller);
  if (inOtherRegion(ref, caller)) throw new ResourceNotFoundException(RESOURCE_MISSING());
  await assertAllowed(caller.accountId, ref.accountId, 'PublishLayerVersion', layerArn(ref));
  const { summary, codeKey } = await storePackage(deps, input.Content, ref.region);
  const scope = scopeOf(ref);
  for (;;) {
    const layer = await deps.store.get<LayerDoc>(LAYER_KIND, scope, ref.name);
    const version = layer?.doc.nextVersion ?? 1;
    const doc: LayerVersionDoc = {
      name: ref.name, version, createdDate: lastModified(), description: input.Description ?? '',
      ...(input.LicenseInfo !== undefined ? { licenseInfo: input.LicenseInfo } : {}),
      ...(input.CompatibleRuntimes !== undefined ? { compatibleRuntimes: input.CompatibleRuntimes } : {}),
      ...(input.CompatibleArchitectures !== undefined ? { compatibleArchitectures: input.CompatibleArchitectures } : {}),
      codeKey, codeSha256: summary.codeSha256, codeSize: summary.codeSize, unzippedSize: summary.unzippedSize,
    };
    const next: LayerDoc = { name: ref.name, nextVersion: version + 1 };
    try {
      await deps.store.commit([
        layer
          ? { op: 'put', kind: LAYER_KIND, scope, key: ref.name, doc: next, ifSeq: layer.seq }
          : { op: 'put', kind: LAYER_KIND, scope, key: ref.name, doc: next, ifAbsent: true },
        { op: 'put', kind: LAYER_VERSION_KIND, scope, key: layerVersionKey(ref.name, version), parent: ref.name, doc, ifAbsent: true },
      ]);
      return layerVersionView(deps, ref, doc);
    } catch (err) {
      if (!(err instanceof StoreConflict)) throw err; // another publish took this number: take the next
    }
  }
}

export async function deleteLayerVersion(deps: StoreDep, caller: Scope, nameOrArn: string, version: number): Promise<void> {
  checkVersionNumber(version);
  const ref = parseLayerName(nameOrArn, caller);
  if (inOtherRegion(ref, caller)) return; // nothing of that name here: deleting it is the no-op it is for any absent version
  await assertLayerAccess(deps, caller, ref, version, 'DeleteLayerVersion');
  await deps.store.commit([{ op: 'delete', kind: LAYER_VERSION_KIND, scope: scopeOf(ref), key: layerVersionKey(ref.name, version) }]);
}

interface Filters { CompatibleRuntime?: string | undefined; CompatibleArchitecture?: string | undefined }

function matches(doc: LayerVersionDoc, filters: Filters): boolean {
  if (filters.CompatibleRuntime && !(doc.compatibleRuntimes ?? []).includes(filters.CompatibleRuntime as never)) return false;
  if (filters.CompatibleArchitecture && !(doc.compatibleArchitectures ?? []).includes(filters.CompatibleArchitecture as never)) return false;
  return true;
}

/** Every version of a layer matching the filters, newest first. */
async function matchingVersions(deps: StoreDep, ref: LayerRef, filters: Filters): Promise<LayerVersionDoc[]> {
  const stored = await deps.store.list<LayerVersionDoc>(LAYER_VERSION_KIND, scopeOf(ref), { parent: ref.name });
  return stored.map((s) => s.doc).filter((doc) => matches(doc, filters)).reverse();
}

export async function listLayerVersions(deps: StoreDep, caller: Scope, input: ListLayerVersionsRequest): Promise<ListLayerVersionsResponse> {
  const ref = parseLayerName(input.LayerName, caller);
  if (inOtherRegion(ref, caller)) return { LayerVersions: [] };
  await assertAllowed(caller.accountId, ref.accountId, 'ListLayerVersions', layerArn(ref));
  const limit = input.MaxItems ?? DEFAULT_PAGE;
  const before = input.Marker ? Number(decodeMarker(input.Marker)) : Infinity;
  const versions = (await matchingVersions(deps, ref, input)).filter((doc) => doc.version < before);
  const page = versions.slice(0, limit);
  const items: LayerVersionsListItem[] = page.map((doc) => listItem(ref, doc));
  const last = page[page.length - 1];
  return {
    LayerVersions: items,
    ...(versions.length > limit && last ? { NextMarker: encodeMarker(String(last.version)) } : {}),
  };
}

export async function listLayers(deps: StoreDep, caller: Scope, input: ListLayersRequest): Promise<ListLayersResponse> {
  const limit = input.MaxItems ?? DEFAULT_PAGE;
  let after = input.Marker ? decodeMarker(input.Marker) : undefined;
  const layers: LayersListItem[] = [];
  let more = false;
  // Layers without a matching version are skipped, so read until the page is full or the layers run out.
  for (;;) {
    const batch = await deps.store.list<LayerDoc>(LAYER_KIND, caller, { ...(after ? { after } : {}), limit: DEFAULT_PAGE });
    for (const { doc } of batch) {
      const ref: LayerRef = { ...caller, name: doc.name };
      const latest = (await matchingVersions(deps, ref, input))[0];
      if (!latest) continue;
      if (layers.length === limit) {
        more = true;
        break;
      }
      layers.push({ LayerArn: layerArn(ref), LayerName: doc.name, LatestMatchingVersion: listItem(ref, latest) });
    }
    if (more || batch.length < DEFAULT_PAGE) break;
    after = batch[batch.length - 1]!.key;
  }
  const last = layers[layers.length - 1];
  return { Layers: layers, ...(more && last ? { NextMarker: encodeMarker(last.LayerName!) } : {}) };
}
