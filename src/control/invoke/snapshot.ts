/**
 * Turns a stored function version into what the engine runs. Built once per version state and cached:
 * the invoke hot path does a map lookup, not a rebuild.
 */
import type { CodeCacheDep } from '../deps.js';
import type { FunctionSnapshot } from '../../engine/index.js';
import type { VersionDoc } from '../functions/records.js';
import type { Scope } from '../../store/types.js';
import { isHotReloadKey } from '../../code/hot-reload/folder.js';

const cache = new Map<string, Promise<FunctionSnapshot>>();
/** A frozen version (the node's cached documents) is looked up by identity: no key to build per invoke. */
const byDoc = new WeakMap<VersionDoc, { envKey: string; snapshot: Promise<FunctionSnapshot> }>();

function envKeyOf(scope: Scope, version: VersionDoc): string {
  const c = version.config;
  return `${scope.accountId}:${c.FunctionArn}:${c.Version}:${c.LastModified}:${version.codeKey}:${(version.layerKeys ?? []).join(',')}`;
}

async function build(deps: CodeCacheDep, scope: Scope, version: VersionDoc, envKey: string): Promise<FunctionSnapshot> {
  const c = version.config;
  const [codeDir, ...layerDirs] = await Promise.all([
    deps.code.ensure(version.codeKey),
    ...(version.layerKeys ?? []).map((key) => deps.code.ensure(key)),
  ]);
  const unqualified = c.Version === '$LATEST' ? c.FunctionArn! : c.FunctionArn!.replace(/:[^:]+$/, '');
  return {
    envKey,
    accountId: scope.accountId,
    region: scope.region,
    functionName: c.FunctionName!,
    functionArn: unqualified,
    version: c.Version ?? '$LATEST',
    ...(c.Runtime ? { runtime: c.Runtime } : {}),
    ...(c.Handler ? { handler: c.Handler } : {}),
    codeDir: codeDir!,
    layerDirs,
    ...([version.codeKey, ...(version.layerKeys ?? [])].some(isHotReloadKey) ? { liveCode: true } : {}),
    memorySize: c.MemorySize ?? 128,
    timeout: c.Timeout ?? 3,
    ephemeralStorage: c.EphemeralStorage?.Size ?? 512,
    environment: c.Environment?.Variables ?? {},
    architectures: c.Architectures ?? ['x86_64'],
    logGroup: c.LoggingConfig?.LogGroup ?? `/aws/lambda/${c.FunctionName}`,
    logFormat: c.LoggingConfig?.LogFormat === 'JSON' ? 'JSON' : 'Text',
  };
}

export function snapshotOf(deps: CodeCacheDep, scope: Scope, version: VersionDoc): Promise<FunctionSnapshot> {
  const known = byDoc.get(version);
  // Still in the map: forgetSnapshots has not dropped it since.
  if (known && cache.get(known.envKey) === known.snapshot) return known.snapshot;
  const envKey = envKeyOf(scope, version);
  let snapshot = cache.get(envKey);
  if (!snapshot) {
    snapshot = build(deps, scope, version, envKey);
    cache.set(envKey, snapshot);
    snapshot.catch(() => cache.delete(envKey));
  }
  if (Object.isFrozen(version)) byDoc.set(version, { envKey, snapshot });
  return snapshot;
}

/** Drops cached snapshots of a function (after an update or delete). */
export function forgetSnapshots(accountId: string, functionArn: string): void {
  const prefix = `${accountId}:${functionArn}`;
  for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key);
}
