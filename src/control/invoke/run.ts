/**
 * The invoke core shared by Invoke, InvokeWithResponseStream and the async pipeline: resolve the
 * function and qualifier, check its state, and run it in the engine.
 */
import type { CodeCacheDep, EngineDep, StoreDep } from '../deps.js';
import type { InvokeResult } from '../../engine/index.js';
import type { Scope } from '../../store/types.js';
import { ResourceConflictException } from '../../errors/catalogue.js';
import type { LoadedFunction } from '../functions/service.js';
import { loadForInvoke } from './loaded-cache.js';
import { resolveInvokeTarget } from '../aliases/resolve.js';
import { snapshotOf } from './snapshot.js';
import type { VersionDoc } from '../functions/records.js';

export interface InvokeRequest {
  caller: Scope;
  functionName: string;
  qualifier?: string;
  payload: Buffer;
  requestId: string;
  tailLogs: boolean;
  clientContext?: string;
  onStreamChunk?: (chunk: Buffer, contentType?: string) => void;
}

export interface InvokeOutcome { result: InvokeResult; executedVersion: string }

export interface ResolvedInvoke { loaded: LoadedFunction; version: VersionDoc; executedVersion: string }

/** What running a function takes: the store, the code cache and the engine. */
export type InvokeDeps = StoreDep & CodeCacheDep & EngineDep;

/** Everything up to running: the 404s, the access check and the state check happen here. */
export async function resolveInvoke(deps: StoreDep, caller: Scope, functionName: string, qualifier?: string): Promise<ResolvedInvoke> {
  const loaded = await loadForInvoke(deps, caller, functionName, qualifier);
  const { version, executedVersion } = await resolveInvokeTarget(deps, loaded);
  const state = version.config.State;
  // Pending lasts only until the code is in place, which happens before Create answers: it may run.
  if (state !== undefined && state !== 'Active' && state !== 'Pending') {
    throw new ResourceConflictException(
      `The operation cannot be performed at this time. The function is currently in the following state: ${state}`,
    );
  }
  return { loaded, version, executedVersion };
}

export async function runResolved(deps: InvokeDeps, resolved: ResolvedInvoke, req: InvokeRequest): Promise<InvokeOutcome> {
  const fn = await snapshotOf(deps, resolved.loaded.scope, resolved.version);
  // The snapshot's ARN is the unqualified one; the function sees the qualifier the caller named.
  const result = await deps.engine.invoke({
    fn,
    payload: req.payload,
    requestId: req.requestId,
    tailLogs: req.tailLogs,
    invokedFunctionArn: resolved.loaded.ref.qualifier ? `${fn.functionArn}:${resolved.loaded.ref.qualifier}` : fn.functionArn,
    ...(req.clientContext ? { clientContext: req.clientContext } : {}),
    ...(req.onStreamChunk ? { onStreamChunk: req.onStreamChunk } : {}),
  });
  return { result, executedVersion: resolved.executedVersion };
}

export async function invokeFunction(deps: InvokeDeps, req: InvokeRequest): Promise<InvokeOutcome> {
  return runResolved(deps, await resolveInvoke(deps, req.caller, req.functionName, req.qualifier), req);
}
