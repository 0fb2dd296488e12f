/**
 * What a qualifier names: $LATEST, a published version number or an alias. Reads (GetFunction, ...)
 * see an alias's primary version; invocations go through `resolveInvokeTarget`, which honours the
 * alias's weighted routing.
 */
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import type { FunctionDoc, VersionDoc } from '../functions/records.js';
import type { LoadedFunction } from '../functions/service.js';
import { functionNotFound } from '../arn.js';
import { LATEST, getVersion, isVersionNumber } from '../versions/records.js';
import { getAlias, type AliasDoc } from './records.js';

export interface QualifiedTarget {
  /** The version the qualifier names (an alias's primary version). */
  version: VersionDoc;
  /** Set when the qualifier is an alias name. */
  alias?: AliasDoc;
}

export interface InvokeTarget {
  version: VersionDoc;
  /** What Invoke reports in X-Amz-Executed-Version: "$LATEST" or the version number that ran. */
  executedVersion: string;
}

async function publishedVersion(deps: StoreDep, scope: Scope, doc: FunctionDoc, version: string): Promise<VersionDoc | undefined> {
  if (version === LATEST) return doc.latest;
  const stored = await getVersion(deps, scope, doc.name, version);
  // Keys are zero-padded: "01" must not find version 1.
  return stored && stored.doc.config.Version === version ? stored.doc : undefined;
}

/** Resolves a qualifier of a loaded function; undefined when it names nothing that exists. */
export async function resolveQualifier(deps: StoreDep, scope: Scope, doc: FunctionDoc, qualifier: string): Promise<QualifiedTarget | undefined> {
  if (qualifier === LATEST || isVersionNumber(qualifier)) {
    const version = await publishedVersion(deps, scope, doc, qualifier);
    return version ? { version } : undefined;
  }
  const alias = await getAlias(deps, scope, doc.name, qualifier);
  if (!alias) return undefined;
  const version = await publishedVersion(deps, scope, doc, alias.doc.FunctionVersion);
  return version ? { version, alias: alias.doc } : undefined;
}

/**
 * The version an invocation runs. An alias with an additional version weight sends that share of the
 * calls (picked at random per call) to the additional version, the rest to its primary version.
 */
export async function resolveInvokeTarget(deps: StoreDep, loaded: LoadedFunction): Promise<InvokeTarget> {
  if (loaded.ref.qualifier === undefined) return { version: loaded.doc.latest, executedVersion: LATEST };
  const target = loaded.qualified;
  if (!target) throw functionNotFound(loaded.ref);
  const weights = target.alias?.RoutingConfig?.AdditionalVersionWeights;
  if (weights) {
    for (const [extra, weight] of Object.entries(weights) as [string, number][]) {
      if (Math.random() >= weight) continue;
      const version = await publishedVersion(deps, loaded.scope, loaded.doc, extra);
      if (version) return { version, executedVersion: extra };
    }
  }
  return { version: target.version, executedVersion: target.version.config.Version ?? LATEST };
}
