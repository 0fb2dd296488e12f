/** PublishVersion and ListVersionsByFunction. */
import type {
  FunctionConfiguration, ListVersionsByFunctionRequest, ListVersionsByFunctionResponse, PublishVersionRequest,
} from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { StoreConflict } from '../../store/types.js';
import {
  InvalidParameterValueException, PreconditionFailedException,
} from '../../errors/catalogue.js';
import { functionArn } from '../arn.js';
import { loadFunction, updateInProgress, type LoadedFunction } from '../functions/service.js';
import { decodeMarker, encodeMarker } from '../functions/listing.js';
import {
  FUNCTION_KIND, VERSION_KIND, listEntry, newRevisionId, versionKey, type FunctionDoc,
} from '../functions/records.js';
import { ordered } from '../functions/settings.js';
import { planPublish } from './publish.js';
import { LATEST, isVersionNumber, unsettled, type PublishedVersionDoc } from './records.js';
import { WRITE_ATTEMPTS } from '../write-attempts.js';

const DEFAULT_PAGE = 50;

function checkPreconditions(loaded: LoadedFunction, input: PublishVersionRequest): void {
  const latest = loaded.doc.latest.config;
  if (input.CodeSha256 !== undefined && input.CodeSha256 !== latest.CodeSha256) {
    throw new InvalidParameterValueException(
      `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${latest.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`);
  }
  if (input.RevisionId !== undefined && input.RevisionId !== latest.RevisionId) {
    throw new PreconditionFailedException('The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
  }
  if (unsettled(latest)) {
    throw updateInProgress(loaded.ref);
  }
}

export async function publishVersion(deps: StoreDep, caller: Scope, input: PublishVersionRequest): Promise<FunctionConfiguration> {
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadFunction(deps, caller, input.FunctionName, 'PublishVersion');
    checkPreconditions(loaded, input);
    const plan = await planPublish(deps, loaded.scope, loaded.doc, loaded.doc.latest, input.Description);
    if (!plan.created) return plan.version.config;
    // Publishing gives $LATEST a new RevisionId, as AWS does.
    const latest = { ...loaded.doc.latest, config: ordered({ ...loaded.doc.latest.config, RevisionId: newRevisionId() }) };
    const doc: FunctionDoc = { ...plan.doc, latest };
    try {
      await deps.store.commit([
        { op: 'put', kind: FUNCTION_KIND, scope: loaded.scope, key: loaded.ref.name, doc, ifSeq: loaded.seq },
        ...plan.ops,
      ]);
      return plan.version.config;
    } catch (err) {
      if (!(err instanceof StoreConflict) || attempt >= WRITE_ATTEMPTS) {
        if (err instanceof StoreConflict) {
          throw updateInProgress(loaded.ref);
        }
        throw err;
      }
    }
  }
}

/** $LATEST first (its ARN qualified), then the published versions in number order. */
export async function listVersionsByFunction(deps: StoreDep, caller: Scope, input: ListVersionsByFunctionRequest): Promise<ListVersionsByFunctionResponse> {
  const loaded = await loadFunction(deps, caller, input.FunctionName, 'ListVersionsByFunction');
  const { scope, doc } = loaded;
  const limit = input.MaxItems ?? DEFAULT_PAGE;
  const after = input.Marker !== undefined ? decodeMarker(input.Marker) : undefined;
  if (after !== undefined && after !== LATEST && !isVersionNumber(after)) throw new InvalidParameterValueException('Invalid marker value.');
  const entries: FunctionConfiguration[] = [];
  if (after === undefined) entries.push(listEntry({ ...doc.latest.config, FunctionArn: functionArn(loaded.ref, LATEST) }));
  const fromKey = after === undefined || after === LATEST ? undefined : versionKey(doc.name, after);
  const page = await deps.store.list<PublishedVersionDoc>(VERSION_KIND, scope, {
    parent: doc.name, ...(fromKey ? { after: fromKey } : {}), limit: limit + 1 - entries.length,
  });
  for (const { doc: version } of page) entries.push(listEntry(version.config));
  const shown = entries.slice(0, limit);
  const more = entries.length > limit;
  const last = shown[shown.length - 1];
  return { Versions: shown, ...(more && last ? { NextMarker: encodeMarker(last.Version!) } : {}) };
}
