/**
 * Bounded cardinality: each distinct (account, region, function, version) takes one slot, first come
 * first served, until the limit; later ones are counted under function="other", version="other" in
 * their own account and region. Slots last as long as the process (a scrape must not see a series vanish
 * and come back as a reset). Error types the runtimes name are bounded the same way.
 */

/** The labels every per-function metric starts with, in this order (the account first: scrapes filter on it). */
export type FunctionLabels = {
  account: string;
  region: string;
  function: string;
  version: string;
};

export const FOLDED = 'other';

export const FUNCTION_LABEL_NAMES = ['account', 'region', 'function', 'version'] as const;

/** LAMBKIN_METRICS_MAX_FUNCTION_VERSIONS, or 1000. */
export function functionVersionLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.LAMBKIN_METRICS_MAX_FUNCTION_VERSIONS?.trim());
  return Number.isInteger(n) && n > 0 ? n : 1000;
}

export class SeriesBudget {
  private readonly admitted = new Map<string, FunctionLabels>();

  constructor(private readonly limit: number) {}

  labels(accountId: string, region: string, functionName: string, version: string): FunctionLabels {
    const key = `${accountId}\n${region}\n${functionName}\n${version}`;
    const known = this.admitted.get(key);
    if (known) return known;
    if (this.admitted.size >= this.limit) return { account: accountId, region, function: FOLDED, version: FOLDED };
    const labels = { account: accountId, region, function: functionName, version };
    this.admitted.set(key, labels);
    return labels;
  }
}

const MAX_ERROR_TYPES = 50;
const MAX_ERROR_TYPE_LENGTH = 64;

/** Error types are named by function code: the first 50 distinct ones are kept, later ones fold. */
export class ErrorTypeBudget {
  private readonly seen = new Set<string>();

  label(errorType: string): string {
    const type = errorType.slice(0, MAX_ERROR_TYPE_LENGTH);
    if (this.seen.has(type)) return type;
    if (this.seen.size >= MAX_ERROR_TYPES) return FOLDED;
    this.seen.add(type);
    return type;
  }
}
