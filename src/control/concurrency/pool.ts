/**
 * The account's concurrency pool as AWS accounts for it: a function with reserved concurrency takes its
 * reservation out of the pool (its provisioned concurrency lives inside it); a function without one
 * takes the sum of its provisioned configs.
 */
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { ACCOUNT_CONCURRENCY_LIMIT } from '../../quotas.js';
import {
  PROVISIONED_CONCURRENCY_KIND, RESERVED_CONCURRENCY_KIND,
  type ProvisionedConcurrencyDoc, type ReservedConcurrencyDoc,
} from './records.js';

/** What to leave out of the count: a function's whole usage, or one config being replaced. */
export interface PoolExclusion { functionName?: string; provisionedKey?: string }

/** Concurrency each function of the scope takes out of the unreserved pool. */
export async function poolUsage(deps: StoreDep, scope: Scope, exclude: PoolExclusion = {}): Promise<Map<string, number>> {
  const usage = new Map<string, number>();
  const reserved = await deps.store.list<ReservedConcurrencyDoc>(RESERVED_CONCURRENCY_KIND, scope);
  const reservedNames = new Set(reserved.map((r) => r.key));
  for (const { key, doc } of reserved) usage.set(key, doc.reserved);
  const provisioned = await deps.store.list<ProvisionedConcurrencyDoc>(PROVISIONED_CONCURRENCY_KIND, scope);
  for (const { key, parent, doc } of provisioned) {
    if (reservedNames.has(parent) || key === exclude.provisionedKey) continue;
    usage.set(parent, (usage.get(parent) ?? 0) + doc.requested);
  }
  if (exclude.functionName !== undefined) usage.delete(exclude.functionName);
  return usage;
}

/** GetAccountSettings' AccountLimit.UnreservedConcurrentExecutions for a scope. */
export async function unreservedConcurrency(deps: StoreDep, scope: Scope, exclude: PoolExclusion = {}): Promise<number> {
  let taken = 0;
  for (const n of (await poolUsage(deps, scope, exclude)).values()) taken += n;
  return ACCOUNT_CONCURRENCY_LIMIT - taken;
}
