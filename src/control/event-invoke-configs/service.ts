/**
 * Put/Update/Get/Delete/List of event invoke configurations, with AWS's rules: Put replaces the whole
 * configuration, Update changes only what it names; a missing function reads as "doesn't exist" on the
 * writes and the listing, but as "doesn't have an EventInvokeConfig" on Get and Delete.
 */
import type {
  FunctionEventInvokeConfig, ListFunctionEventInvokeConfigsResponse, PutFunctionEventInvokeConfigRequest,
  UpdateFunctionEventInvokeConfigRequest,
} from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { StoreConflict } from '../../store/types.js';
import { LambdaError } from '../../errors/base.js';
import { InvalidParameterValueException, ResourceNotFoundException } from '../../errors/catalogue.js';
import { functionArn, parseFunctionRef, type FunctionRef } from '../arn.js';
import { loadFunction, updateInProgress, type LoadedFunction } from '../functions/service.js';
import { resolveQualifier } from '../aliases/resolve.js';
import { checkDestinations } from './destinations.js';
import {
  EVENT_INVOKE_CONFIG_KIND, LATEST, configKey, getEventInvokeConfig, toOutput, type EventInvokeConfigDoc,
} from './records.js';
import { WRITE_ATTEMPTS } from '../write-attempts.js';

type Settings = Pick<PutFunctionEventInvokeConfigRequest, 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' | 'DestinationConfig'>;

const LIST_LIMIT = 50;

function isFunctionNotFound(err: unknown): boolean {
  return err instanceof LambdaError && err.code === 'ResourceNotFoundException' && err.message.startsWith('Function not found');
}

function requireSetting(input: Settings): void {
  if (input.MaximumRetryAttempts === undefined && input.MaximumEventAgeInSeconds === undefined && input.DestinationConfig === undefined) {
    throw new InvalidParameterValueException('You must specify at least one of error handling or destination setting.');
  }
}

function noConfig(ref: FunctionRef, qualifier: string): LambdaError {
  return new ResourceNotFoundException(`The function ${functionArn(ref, qualifier)} doesn't have an EventInvokeConfig`);
}

interface Target { loaded: LoadedFunction; qualifier: string }

/** The function and qualifier a write names; both must exist. */
async function loadTarget(deps: StoreDep, caller: Scope, identifier: string, qualifier: string | undefined, action: string): Promise<Target> {
  let loaded: LoadedFunction;
  try {
    loaded = await loadFunction(deps, caller, identifier, action, qualifier);
  } catch (err) {
    if (isFunctionNotFound(err)) throw new ResourceNotFoundException("The function doesn't exist.");
    throw err;
  }
  const named = loaded.ref.qualifier ?? LATEST;
  if (named !== LATEST && !(await resolveQualifier(deps, loaded.scope, loaded.doc, named))) {
    throw new ResourceNotFoundException("The function doesn't exist.");
  }
  return { loaded, qualifier: named };
}

function applySettings(doc: EventInvokeConfigDoc, input: Settings): EventInvokeConfigDoc {
  const next: EventInvokeConfigDoc = { ...doc };
  if (input.MaximumRetryAttempts !== undefined) next.maximumRetryAttempts = input.MaximumRetryAttempts;
  if (input.MaximumEventAgeInSeconds !== undefined) next.maximumEventAgeInSeconds = input.MaximumEventAgeInSeconds;
  const destinations = input.DestinationConfig;
  if (destinations?.OnSuccess) {
    if (destinations.OnSuccess.Destination) next.onSuccess = destinations.OnSuccess.Destination;
    else delete next.onSuccess;
  }
  if (destinations?.OnFailure) {
    if (destinations.OnFailure.Destination) next.onFailure = destinations.OnFailure.Destination;
    else delete next.onFailure;
  }
  return next;
}

function nowSeconds(): number {
  return Date.now() / 1000;
}

export async function putEventInvokeConfig(deps: StoreDep, caller: Scope, input: PutFunctionEventInvokeConfigRequest): Promise<FunctionEventInvokeConfig> {
  requireSetting(input);
  const { loaded, qualifier } = await loadTarget(deps, caller, input.FunctionName, input.Qualifier, 'PutFunctionEventInvokeConfig');
  await checkDestinations(deps, loaded.ref, input.DestinationConfig);
  const doc = applySettings({ qualifier, lastModified: nowSeconds() }, input);
  await deps.store.commit([{
    op: 'put', kind: EVENT_INVOKE_CONFIG_KIND, scope: loaded.scope, key: configKey(loaded.ref.name, qualifier), parent: loaded.ref.name, doc,
  }]);
  return toOutput(loaded.ref, doc);
}

export async function updateEventInvokeConfig(deps: StoreDep, caller: Scope, input: UpdateFunctionEventInvokeConfigRequest): Promise<FunctionEventInvokeConfig> {
  requireSetting(input);
  for (let attempt = 1; ; attempt++) {
    const { loaded, qualifier } = await loadTarget(deps, caller, input.FunctionName, input.Qualifier, 'UpdateFunctionEventInvokeConfig');
    const stored = await getEventInvokeConfig(deps, loaded.scope, loaded.ref.name, qualifier);
    if (!stored) throw noConfig(loaded.ref, qualifier);
    await checkDestinations(deps, loaded.ref, input.DestinationConfig);
    const doc = applySettings({ ...stored.doc, lastModified: nowSeconds() }, input);
    try {
      await deps.store.commit([{
        op: 'put', kind: EVENT_INVOKE_CONFIG_KIND, scope: loaded.scope, key: stored.key, parent: loaded.ref.name, doc, ifSeq: stored.seq,
      }]);
      return toOutput(loaded.ref, doc);
    } catch (err) {
      if (!(err instanceof StoreConflict)) throw err;
      if (attempt >= WRITE_ATTEMPTS) throw updateInProgress(loaded.ref);
    }
  }
}

/** Get and Delete: any missing piece (function, qualifier, configuration) reads as "no configuration". */
async function existingConfig(deps: StoreDep, caller: Scope, identifier: string, qualifier: string | undefined, action: string) {
  const ref = parseFunctionRef(identifier, caller, qualifier);
  const named = ref.qualifier ?? LATEST;
  try {
    await loadFunction(deps, caller, identifier, action, qualifier);
  } catch (err) {
    if (isFunctionNotFound(err)) throw noConfig(ref, named);
    throw err;
  }
  const scope: Scope = { accountId: ref.accountId, region: ref.region };
  const stored = await getEventInvokeConfig(deps, scope, ref.name, named);
  if (!stored) throw noConfig(ref, named);
  return { ref, scope, stored };
}

export async function getEventInvokeConfigOutput(deps: StoreDep, caller: Scope, identifier: string, qualifier?: string): Promise<FunctionEventInvokeConfig> {
  const { ref, stored } = await existingConfig(deps, caller, identifier, qualifier, 'GetFunctionEventInvokeConfig');
  return toOutput(ref, stored.doc);
}

export async function deleteEventInvokeConfig(deps: StoreDep, caller: Scope, identifier: string, qualifier?: string): Promise<void> {
  const { scope, stored } = await existingConfig(deps, caller, identifier, qualifier, 'DeleteFunctionEventInvokeConfig');
  await deps.store.commit([{ op: 'delete', kind: EVENT_INVOKE_CONFIG_KIND, scope, key: stored.key }]);
}

export async function listEventInvokeConfigs(
  deps: StoreDep, caller: Scope, identifier: string, marker?: string, maxItems?: number,
): Promise<ListFunctionEventInvokeConfigsResponse> {
  const { loaded } = await loadTarget(deps, caller, identifier, undefined, 'ListFunctionEventInvokeConfigs');
  const limit = Math.min(maxItems ?? LIST_LIMIT, LIST_LIMIT);
  const page = await deps.store.list<EventInvokeConfigDoc>(EVENT_INVOKE_CONFIG_KIND, loaded.scope, {
    parent: loaded.ref.name,
    ...(marker ? { after: configKey(loaded.ref.name, marker) } : {}),
    limit: limit + 1,
  });
  const shown = page.slice(0, limit);
  return {
    FunctionEventInvokeConfigs: shown.map((s) => toOutput(loaded.ref, s.doc)),
    ...(page.length > limit ? { NextMarker: shown[shown.length - 1]!.doc.qualifier } : {}),
  };
}
