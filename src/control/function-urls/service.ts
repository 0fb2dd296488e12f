/**
 * Create/Get/Update/Delete/List of function URL configs, with AWS's rules: one config for the function
 * itself and one per alias (a version or $LATEST is refused as a qualifier); a missing function or alias
 * reads "Function does not exist" on Create, Update and List, and "The resource you requested does not
 * exist." on Get and Delete, as does a missing config.
 */
import type {
  CreateFunctionUrlConfigRequest, CreateFunctionUrlConfigResponse, FunctionUrlConfig, GetFunctionUrlConfigResponse,
  ListFunctionUrlConfigsResponse, UpdateFunctionUrlConfigRequest, UpdateFunctionUrlConfigResponse,
} from '../../model/types.generated.js';
import type { FunctionUrlBaseDep, StoreDep } from '../deps.js';
import type { Scope, StoredDoc } from '../../store/types.js';
import { StoreConflict } from '../../store/types.js';
import { LambdaError } from '../../errors/base.js';
import { ResourceConflictException, ResourceNotFoundException, ValidationException } from '../../errors/catalogue.js';
import { functionArn, parseFunctionRef, type FunctionRef } from '../arn.js';
import { loadFunction, updateInProgress } from '../functions/service.js';
import { WRITE_ATTEMPTS } from '../write-attempts.js';
import { FUNCTION_URL_KIND, functionUrlKey, type FunctionUrlDoc } from './records.js';
import { functionUrl, newUrlId, urlConfigTimestamp } from './url.js';

type Deps = StoreDep & FunctionUrlBaseDep;

const LIST_LIMIT = 50;
const QUALIFIER_PATTERN = '((?!^\\d+$)^[0-9a-zA-Z-_]+$)';
const ALIAS_NAME = /^[0-9a-zA-Z_-]+$/;

const functionDoesNotExist = () => new ResourceNotFoundException('Function does not exist');
const resourceDoesNotExist = () => new ResourceNotFoundException('The resource you requested does not exist.');

function isFunctionNotFound(err: unknown): boolean {
  return err instanceof LambdaError && err.code === 'ResourceNotFoundException' && err.message.startsWith('Function not found');
}

/**
 * The alias a URL config belongs to (undefined: the function itself). A qualifier in the function's ARN
 * is held to the Qualifier parameter's pattern too: a version number or $LATEST never has a URL.
 */
function urlQualifier(ref: FunctionRef): string | undefined {
  const qualifier = ref.qualifier;
  if (qualifier === undefined) return undefined;
  if (/^\d+$/.test(qualifier) || !ALIAS_NAME.test(qualifier)) {
    throw new ValidationException(
      `1 validation error detected: Value '${qualifier}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`,
    );
  }
  return qualifier;
}

interface Target { ref: FunctionRef; scope: Scope; qualifier: string | undefined }

/** The function (and alias) a call names, or `missing()` when either does not exist. */
async function loadTarget(
  deps: StoreDep, caller: Scope, identifier: string, qualifierParam: string | undefined, action: string, missing: () => LambdaError,
): Promise<Target> {
  const qualifier = urlQualifier(parseFunctionRef(identifier, caller, qualifierParam));
  try {
    const loaded = await loadFunction(deps, caller, identifier, action, qualifierParam);
    if (qualifier !== undefined && !loaded.qualified?.alias) throw missing();
    return { ref: loaded.ref, scope: loaded.scope, qualifier };
  } catch (err) {
    if (isFunctionNotFound(err)) throw missing();
    throw err;
  }
}

async function storedConfig(deps: StoreDep, target: Target): Promise<StoredDoc<FunctionUrlDoc> | undefined> {
  return deps.store.get<FunctionUrlDoc>(FUNCTION_URL_KIND, target.scope, functionUrlKey(target.ref.name, target.qualifier));
}

/** The API's view of a stored config; its URL is built from the node's current base. */
export function urlConfigOutput(deps: FunctionUrlBaseDep, scope: Scope, doc: FunctionUrlDoc): FunctionUrlConfig {
  return {
    FunctionUrl: functionUrl(deps.functionUrlBase(), scope.region, doc.urlId),
    FunctionArn: functionArn({ ...scope, name: doc.functionName }, doc.qualifier),
    AuthType: doc.authType,
    ...(doc.cors ? { Cors: doc.cors } : {}),
    CreationTime: doc.creationTime,
    LastModifiedTime: doc.lastModifiedTime,
    InvokeMode: doc.invokeMode,
  };
}

export async function createFunctionUrlConfig(deps: Deps, caller: Scope, input: CreateFunctionUrlConfigRequest): Promise<CreateFunctionUrlConfigResponse> {
  const target = await loadTarget(deps, caller, input.FunctionName, input.Qualifier, 'CreateFunctionUrlConfig', functionDoesNotExist);
  const now = urlConfigTimestamp();
  const doc: FunctionUrlDoc = {
    urlId: newUrlId(),
    functionName: target.ref.name,
    ...(target.qualifier !== undefined ? { qualifier: target.qualifier } : {}),
    authType: input.AuthType,
    ...(input.Cors ? { cors: input.Cors } : {}),
    invokeMode: input.InvokeMode ?? 'BUFFERED',
    creationTime: now,
    lastModifiedTime: now,
  };
  let seq: number;
  try {
    [seq] = await deps.store.commit([{
      op: 'put', kind: FUNCTION_URL_KIND, scope: target.scope, key: functionUrlKey(target.ref.name, target.qualifier),
      parent: target.ref.name, doc, ifAbsent: true,
    }]) as [number];
  } catch (err) {
    if (!(err instanceof StoreConflict)) throw err;
    throw new ResourceConflictException(
      `Failed to create function url config for [functionArn = ${functionArn(target.ref, target.qualifier)}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
    );
  }
  await dropIfOwnerWent(deps, caller, input, target, seq);
  // AWS's Create answer has no LastModifiedTime, and InvokeMode only when the request named it.
  const { LastModifiedTime: _modified, InvokeMode: _mode, ...created } = urlConfigOutput(deps, target.scope, doc);
  return { ...created, ...(input.InvokeMode ? { InvokeMode: input.InvokeMode } : {}) };
}

/**
 * A delete of the function or alias that committed between our read and our write found no config to
 * take with it: take it back out, so no config outlives its owner.
 */
async function dropIfOwnerWent(deps: StoreDep, caller: Scope, input: CreateFunctionUrlConfigRequest, target: Target, seq: number): Promise<void> {
  try {
    await loadTarget(deps, caller, input.FunctionName, input.Qualifier, 'CreateFunctionUrlConfig', functionDoesNotExist);
  } catch (err) {
    const key = functionUrlKey(target.ref.name, target.qualifier);
    try {
      await deps.store.commit([{ op: 'delete', kind: FUNCTION_URL_KIND, scope: target.scope, key, ifSeq: seq }]);
    } catch (conflict) {
      if (!(conflict instanceof StoreConflict)) throw conflict;
    }
    throw err;
  }
}

export async function getFunctionUrlConfig(deps: Deps, caller: Scope, identifier: string, qualifier?: string): Promise<GetFunctionUrlConfigResponse> {
  const target = await loadTarget(deps, caller, identifier, qualifier, 'GetFunctionUrlConfig', resourceDoesNotExist);
  const stored = await storedConfig(deps, target);
  if (!stored) throw resourceDoesNotExist();
  return urlConfigOutput(deps, target.scope, stored.doc);
}

export async function updateFunctionUrlConfig(deps: Deps, caller: Scope, input: UpdateFunctionUrlConfigRequest): Promise<UpdateFunctionUrlConfigResponse> {
  for (let attempt = 1; ; attempt++) {
    const target = await loadTarget(deps, caller, input.FunctionName, input.Qualifier, 'UpdateFunctionUrlConfig', functionDoesNotExist);
    const stored = await storedConfig(deps, target);
    if (!stored) throw resourceDoesNotExist();
    const doc: FunctionUrlDoc = {
      ...stored.doc,
      ...(input.AuthType ? { authType: input.AuthType } : {}),
      ...(input.Cors ? { cors: input.Cors } : {}),
      ...(input.InvokeMode ? { invokeMode: input.InvokeMode } : {}),
      lastModifiedTime: urlConfigTimestamp(),
    };
    try {
      await deps.store.commit([{
        op: 'put', kind: FUNCTION_URL_KIND, scope: target.scope, key: stored.key, parent: target.ref.name, doc, ifSeq: stored.seq,
      }]);
      return urlConfigOutput(deps, target.scope, doc);
    } catch (err) {
      if (!(err instanceof StoreConflict)) throw err;
      if (attempt >= WRITE_ATTEMPTS) throw updateInProgress(target.ref);
    }
  }
}

export async function deleteFunctionUrlConfig(deps: StoreDep, caller: Scope, identifier: string, qualifier?: string): Promise<void> {
  const target = await loadTarget(deps, caller, identifier, qualifier, 'DeleteFunctionUrlConfig', resourceDoesNotExist);
  const stored = await storedConfig(deps, target);
  if (!stored) throw resourceDoesNotExist();
  await deps.store.commit([{ op: 'delete', kind: FUNCTION_URL_KIND, scope: target.scope, key: stored.key }]);
}

/** The function's config first, then its aliases' by name; the marker is the last key shown. */
export async function listFunctionUrlConfigs(
  deps: Deps, caller: Scope, identifier: string, marker?: string, maxItems?: number,
): Promise<ListFunctionUrlConfigsResponse> {
  const target = await loadTarget(deps, caller, identifier, undefined, 'ListFunctionUrlConfigs', functionDoesNotExist);
  const limit = Math.min(maxItems ?? LIST_LIMIT, LIST_LIMIT);
  const page = await deps.store.list<FunctionUrlDoc>(FUNCTION_URL_KIND, target.scope, {
    parent: target.ref.name, ...(marker ? { after: marker } : {}), limit: limit + 1,
  });
  const shown = page.slice(0, limit);
  return {
    FunctionUrlConfigs: shown.map((s) => urlConfigOutput(deps, target.scope, s.doc)),
    ...(page.length > limit ? { NextMarker: shown[shown.length - 1]!.key } : {}),
  };
}
