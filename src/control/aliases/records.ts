/** Aliases as stored: exactly the AliasConfiguration AWS returns, keyed by function and alias name. */
import type { AliasConfiguration } from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope, StoredDoc } from '../../store/types.js';

/** Aliases: key `${function}:${alias}`, parent = function name. */
export const ALIAS_KIND = 'function-alias';

export type AliasDoc = AliasConfiguration & { Name: string; FunctionVersion: string; AliasArn: string; RevisionId: string };

export function aliasKey(functionName: string, alias: string): string {
  return `${functionName}:${alias}`;
}

export async function getAlias(deps: StoreDep, scope: Scope, functionName: string, alias: string): Promise<StoredDoc<AliasDoc> | undefined> {
  return deps.store.get<AliasDoc>(ALIAS_KIND, scope, aliasKey(functionName, alias));
}

export async function listAliasDocs(deps: StoreDep, scope: Scope, functionName: string): Promise<StoredDoc<AliasDoc>[]> {
  return deps.store.list<AliasDoc>(ALIAS_KIND, scope, { parent: functionName });
}

/** The versions an alias sends traffic to: its primary and any weighted extra. */
export function aliasVersions(alias: AliasConfiguration): string[] {
  return [alias.FunctionVersion!, ...Object.keys(alias.RoutingConfig?.AdditionalVersionWeights ?? {})];
}

/** Names of the aliases that route to a version (a version they use cannot be deleted). */
export async function aliasesReferencing(deps: StoreDep, scope: Scope, functionName: string, version: string): Promise<string[]> {
  const aliases = await listAliasDocs(deps, scope, functionName);
  return aliases.filter(({ doc }) => aliasVersions(doc).includes(version)).map(({ doc }) => doc.Name);
}
