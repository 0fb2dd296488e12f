/**
 * The resource families of the Lambda API, one module each: a new family is one module and one line
 * here. Handlers, front-door policies and delete dependants are all read from this table.
 */
import type { FamilyDeps, HandlerTable, PolicyTable, ResourceFamily } from './types.js';
import { allDependants, type DependantDeletes } from '../../control/dependants.js';
import { functionsFamily } from './functions.js';
import { tagsFamily } from './tags.js';
import { accountFamily } from './account.js';
import { versionsFamily } from './versions.js';
import { aliasesFamily } from './aliases.js';
import { layersFamily } from './layers.js';
import { permissionsFamily } from './permissions.js';
import { invokeFamily } from './invoke.js';
import { eventInvokeConfigsFamily } from './event-invoke-configs.js';
import { invokeStreamFamily } from './invoke-stream.js';
import { concurrencyFamily } from './concurrency.js';
import { functionSettingsFamily } from './function-settings.js';
import { functionUrlsFamily } from './function-urls.js';
import { eventSourceMappingsFamily } from './event-source-mappings.js';
import { durableExecutionsFamily } from './durable-executions.js';
import { consoleFamily } from '../../console/family.js';

export const FAMILIES: readonly ResourceFamily[] = [
  functionsFamily,
  tagsFamily,
  accountFamily,
  versionsFamily,
  aliasesFamily,
  layersFamily,
  permissionsFamily,
  invokeFamily,
  eventInvokeConfigsFamily,
  invokeStreamFamily,
  concurrencyFamily,
  functionSettingsFamily,
  functionUrlsFamily,
  eventSourceMappingsFamily,
  durableExecutionsFamily,
  consoleFamily,
];

function merged<T extends object>(tables: T[], what: string): T {
  const all: Record<string, unknown> = {};
  for (const table of tables) {
    for (const [operation, entry] of Object.entries(table)) {
      if (operation in all) throw new Error(`two resource families declare ${what} for ${operation}`);
      all[operation] = entry;
    }
  }
  return all as T;
}

export const POLICIES: PolicyTable = merged(FAMILIES.map((f) => f.policies ?? {}), 'a policy');
/** Every kind of document the families keep: what a reset empties. */
export const STORED_KINDS: readonly string[] = [...new Set(FAMILIES.flatMap((f) => f.kinds ?? []))];
/** What a function, version or alias delete removes along with it, from every family. */
export const DEPENDANTS: DependantDeletes = allDependants(FAMILIES.map((f) => f.dependants));

/** Starts every family and builds its handlers, once, from the node's components. */
export function buildFamilies(deps: Omit<FamilyDeps, 'dependants'>): HandlerTable {
  const built = { ...deps, dependants: DEPENDANTS };
  for (const family of FAMILIES) family.start?.(built);
  return merged(FAMILIES.map((f) => f.handlers(built)), 'a handler');
}
