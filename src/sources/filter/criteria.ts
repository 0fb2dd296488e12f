/**
 * A mapping's FilterCriteria: up to five patterns, OR'ed (a record passes when any pattern matches; no
 * filters let everything through). The API validates them on CreateEventSourceMapping and
 * UpdateEventSourceMapping; the source manager compiles them once per poller start.
 */
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import type { FilterCriteria } from '../../model/types.generated.js';
import { matchesPattern } from './match.js';
import { parsePattern, type ObjectPattern } from './pattern.js';
import { InvalidPatternError } from './syntax.js';

/** Filters per mapping under AWS's default quota (raisable to 10 on request). */
export const MAX_FILTERS = 5;

/** AWS's answer to every pattern its rule compiler refuses (recorded for SQS and DynamoDB Streams). */
export const INVALID_FILTER_PATTERN_MESSAGE = 'Invalid filter pattern definition.';

/**
 * Sources whose message key only takes a nested (JSON) pattern: AWS refuses a value list there when the
 * mapping is created or updated, rather than dropping every record later. Keyed by `EventSource.name`.
 */
const JSON_ONLY_KEY: ReadonlyMap<string, string> = new Map([
  ['kinesis', 'data'],
  ['dynamodb-streams', 'dynamodb'],
]);

export type RecordFilter = (candidate: unknown) => boolean;

/** Throws AWS's InvalidParameterValueException for criteria a mapping cannot be created or updated with. */
export function validateFilterCriteria(criteria: FilterCriteria | undefined, sourceName?: string): void {
  parseCriteria(criteria, sourceName);
}

/** The criteria as one test on a candidate record (build it with the helpers in candidates.ts). */
export function compileFilterCriteria(criteria: FilterCriteria | undefined, sourceName?: string): RecordFilter {
  const patterns = parseCriteria(criteria, sourceName);
  if (patterns.length === 0) return () => true;
  return (candidate) => patterns.some((pattern) => matchesPattern(pattern, candidate));
}

/** Why a pattern is refused (for logs and tests), or undefined when it is valid. */
export function filterPatternProblem(pattern: string, sourceName?: string): string | undefined {
  try {
    parseOne(pattern, sourceName);
    return undefined;
  } catch (err) {
    if (err instanceof InvalidPatternError) return err.message;
    throw err;
  }
}

function parseCriteria(criteria: FilterCriteria | undefined, sourceName: string | undefined): ObjectPattern[] {
  const filters = criteria?.Filters ?? [];
  if (filters.length > MAX_FILTERS) {
    throw new InvalidParameterValueException(`The number of filters exceeds the limit of ${MAX_FILTERS}.`);
  }
  return filters.map((filter) => {
    try {
      return parseOne(filter.Pattern, sourceName);
    } catch (err) {
      if (err instanceof InvalidPatternError) throw new InvalidParameterValueException(INVALID_FILTER_PATTERN_MESSAGE);
      throw err;
    }
  });
}

function parseOne(text: string | undefined, sourceName: string | undefined): ObjectPattern {
  if (typeof text !== 'string') throw new InvalidPatternError('a filter has no pattern');
  const pattern = parsePattern(text);
  const jsonOnlyKey = sourceName === undefined ? undefined : JSON_ONLY_KEY.get(sourceName);
  if (jsonOnlyKey !== undefined && listsValuesAt(pattern, jsonOnlyKey)) {
    throw new InvalidPatternError(`"${jsonOnlyKey}" only takes a nested pattern for this source`);
  }
  return pattern;
}

/** Whether the top level (or a top-level `$or` branch) gives `key` a value list instead of an object. */
function listsValuesAt(pattern: ObjectPattern, key: string): boolean {
  return pattern.fields.some((field) => field.name === key && field.kind === 'values')
    || pattern.anyOf.some((branches) => branches.some((branch) => listsValuesAt(branch, key)));
}
