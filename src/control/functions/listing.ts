/** ListFunctions: $LATEST of every function (and, with FunctionVersion=ALL, every published version). */
import type { FunctionConfiguration, ListFunctionsRequest, ListFunctionsResponse } from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import { FUNCTION_KIND, VERSION_KIND, listEntry, type FunctionDoc, type VersionDoc } from './records.js';

const DEFAULT_PAGE = 50;

/** Markers are opaque to clients: the base64url of the last function name listed. */
export function encodeMarker(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeMarker(marker: string): string {
  const key = Buffer.from(marker, 'base64url').toString('utf8');
  if (!key || encodeMarker(key) !== marker) throw new InvalidParameterValueException('Invalid marker value.');
  return key;
}

export async function listFunctions(deps: StoreDep, scope: Scope, input: ListFunctionsRequest): Promise<ListFunctionsResponse> {
  const limit = input.MaxItems ?? DEFAULT_PAGE;
  const after = input.Marker ? decodeMarker(input.Marker) : undefined;
  const page = await deps.store.list<FunctionDoc>(FUNCTION_KIND, scope, { ...(after ? { after } : {}), limit: limit + 1 });
  const more = page.length > limit;
  const functions: FunctionConfiguration[] = [];
  for (const { doc } of page.slice(0, limit)) {
    if (input.FunctionVersion === 'ALL') {
      functions.push(listEntry({ ...doc.latest.config, FunctionArn: `${doc.latest.config.FunctionArn}:$LATEST` }));
      const versions = await deps.store.list<VersionDoc>(VERSION_KIND, scope, { parent: doc.name });
      for (const v of versions) functions.push(listEntry(v.doc.config));
    } else {
      functions.push(listEntry(doc.latest.config));
    }
  }
  const last = page[Math.min(limit, page.length) - 1];
  return { Functions: functions, ...(more && last ? { NextMarker: encodeMarker(last.key) } : {}) };
}
