/**
 * Turns a stored function version into what the engine runs. Built once per version state and cached:
 * the invoke hot path does a map lookup, not a rebuild.
 */
import type { CodeCacheDep } from '../deps.js';
import type { FunctionSnapshot } from '../../engine/index.js';
import type { VersionDoc } from '../functions/records.js';
import type { Scope } from '../../store/types.js';

const cache = new Map<string, Promise<FunctionSnapshot>>();

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
  const envKey = envKeyOf(scope, version);
  let snapshot = cache.get(envKey);
  if (!snapshot) {
    snapshot = build(deps, scope, version, envKey);
    cache.set(envKey, snapshot);
    snapshot.catch(() => cache.delete(envKey));
  }
  return snapshot;
}

/** Drops cached snapshots of a function (after an update or delete). */
export function forgetSnapshots(accountId: string, functionArn: string): void {
  const prefix = `${accountId}:${functionArn}`;
  for (const key of cache.keys()) if (key.startsWith(prefix)) cache.delete(key);
}
