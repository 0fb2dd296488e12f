/** Shared by the filter tests: compile one pattern (given as JSON) and ask whether a candidate passes. */
import { compileFilterCriteria } from '../../../src/sources/filter/index.js';

export function matcher(pattern: unknown, sourceName?: string): (candidate: unknown) => boolean {
  return compileFilterCriteria({ Filters: [{ Pattern: JSON.stringify(pattern) }] }, sourceName);
}

export function matches(pattern: unknown, candidate: unknown): boolean {
  return matcher(pattern)(candidate);
}
