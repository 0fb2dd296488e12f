/** What Lambkin stores for layers, and the layer names and ARNs Lambda accepts. */
import type { Architecture, LayerVersionsListItem, Runtime } from '../../model/types.generated.js';
import type { Scope } from '../../store/types.js';
import type { PolicyDoc } from '../permissions/policy.js';
import { partitionOf } from '../arn.js';

/** A layer: survives the deletion of all its versions, so version numbers are never reused. */
export interface LayerDoc {
  name: string;
  nextVersion: number;
}

export interface LayerVersionDoc {
  name: string;
  version: number;
  createdDate: string;
  description: string;
  licenseInfo?: string;
  compatibleRuntimes?: Runtime[];
  compatibleArchitectures?: Architecture[];
  /** Blob key (hex SHA-256) of the layer's zip. */
  codeKey: string;
  codeSha256: string;
  codeSize: number;
  /** Bytes the zip inflates to (absent in layers stored before it was kept). */
  unzippedSize?: number;
  policy?: PolicyDoc;
}

export const LAYER_KIND = 'layer';
/** Layer versions: key `${name}:${zero-padded number}`, parent = layer name. */
export const LAYER_VERSION_KIND = 'layer-version';

export function layerVersionKey(name: string, version: number): string {
  return `${name}:${String(version).padStart(10, '0')}`;
}

/** A layer named by a request: the caller's own, or another account's through its ARN. */
export interface LayerRef { accountId: string; region: string; name: string }

const LAYER_ARN = /^arn:(aws[a-zA-Z-]*)?:lambda:([a-z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+)$/;
const LAYER_VERSION_ARN = /^arn:(aws[a-zA-Z-]*)?:lambda:([a-z0-9-]+):(\d{12}):layer:([a-zA-Z0-9-_]+):(\d+)$/;

export function parseLayerName(nameOrArn: string, caller: Scope): LayerRef {
  const m = LAYER_ARN.exec(nameOrArn);
  if (m) return { accountId: m[3]!, region: m[2]!, name: m[4]! };
  return { accountId: caller.accountId, region: caller.region, name: nameOrArn };
}

/** A layer version ARN's parts; undefined when the text is no such ARN. */
export function parseLayerVersionArn(arn: string): (LayerRef & { version: number }) | undefined {
  const m = LAYER_VERSION_ARN.exec(arn);
  return m ? { accountId: m[3]!, region: m[2]!, name: m[4]!, version: Number(m[5]) } : undefined;
}

export function layerArn(ref: LayerRef): string {
  return `arn:${partitionOf(ref.region)}:lambda:${ref.region}:${ref.accountId}:layer:${ref.name}`;
}

export function layerVersionArn(ref: LayerRef, version: number): string {
  return `${layerArn(ref)}:${version}`;
}

/** The entry ListLayerVersions and ListLayers show (members in AWS's alphabetical order). */
export function listItem(ref: LayerRef, doc: LayerVersionDoc): LayerVersionsListItem {
  return {
    ...(doc.compatibleArchitectures ? { CompatibleArchitectures: doc.compatibleArchitectures } : {}),
    ...(doc.compatibleRuntimes ? { CompatibleRuntimes: doc.compatibleRuntimes } : {}),
    CreatedDate: doc.createdDate,
    Description: doc.description,
    LayerVersionArn: layerVersionArn(ref, doc.version),
    ...(doc.licenseInfo !== undefined ? { LicenseInfo: doc.licenseInfo } : {}),
    Version: doc.version,
  };
}
