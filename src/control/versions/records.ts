/** Published versions as stored: an immutable copy of $LATEST plus what it was published from. */
import { createHash } from 'node:crypto';
import type { FunctionConfiguration } from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope, StoredDoc } from '../../store/types.js';
import { VERSION_KIND, versionKey, type VersionDoc } from '../functions/records.js';

export interface PublishedVersionDoc extends VersionDoc {
  /** Fingerprint of the $LATEST this version was published from: an unchanged $LATEST publishes nothing new. */
  source: string;
}

export const LATEST = '$LATEST';

export function isVersionNumber(qualifier: string): boolean {
  return /^[0-9]+$/.test(qualifier);
}

/** Fields that change without the function changing (identity, revision, state). */
const VOLATILE = new Set<keyof FunctionConfiguration>([
  'FunctionArn', 'Version', 'RevisionId', 'LastModified', 'State', 'StateReason', 'StateReasonCode',
  'LastUpdateStatus', 'LastUpdateStatusReason', 'LastUpdateStatusReasonCode', 'MasterArn',
]);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** What makes two states of $LATEST the same function: configuration, code and layers. */
export function fingerprint(latest: VersionDoc): string {
  const config = Object.fromEntries(Object.entries(latest.config).filter(([k]) => !VOLATILE.has(k as keyof FunctionConfiguration)));
  const material = JSON.stringify(canonical({ config, code: latest.codeKey, layers: latest.layerKeys ?? [] }));
  return createHash('sha256').update(material).digest('hex');
}

export async function getVersion(deps: StoreDep, scope: Scope, name: string, version: string | number): Promise<StoredDoc<PublishedVersionDoc> | undefined> {
  return deps.store.get<PublishedVersionDoc>(VERSION_KIND, scope, versionKey(name, version));
}

/** Whether a configuration still shows the marks of a create or update in flight. */
export function unsettled(config: FunctionConfiguration): boolean {
  return config.State === 'Pending' || config.LastUpdateStatus === 'InProgress';
}
