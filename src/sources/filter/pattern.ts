/**
 * One filter pattern (EventBridge's event pattern language, as Lambda's FilterCriteria uses it) parsed into
 * a tree that matching walks. Parsing is also the validation: whatever EventBridge's rule compiler refuses
 * throws `InvalidPatternError` (the reason is for logs; AWS answers every refusal with one message).
 */
import { parseValueRule, type ValueRule } from './rules.js';
import { InvalidPatternError, isJsonObject } from './syntax.js';

/** An object level of the pattern: every field must match, and one branch of each `$or`. */
export interface ObjectPattern {
  readonly fields: readonly FieldPattern[];
  readonly anyOf: readonly (readonly ObjectPattern[])[];
}

export type FieldPattern =
  | { readonly name: string; readonly kind: 'object'; readonly pattern: ObjectPattern }
  | { readonly name: string; readonly kind: 'values'; readonly rules: readonly ValueRule[] };

const OR_KEYWORD = '$or';
/** Operator names EventBridge refuses as field names inside a `$or` branch. */
const RESERVED_IN_OR: ReadonlySet<string> = new Set([
  'anything-but', 'cidr', 'equals-ignore-case', 'exists', 'numeric', 'prefix', 'suffix', 'wildcard',
]);

export function parsePattern(text: string): ObjectPattern {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidPatternError('the pattern is not JSON');
  }
  if (!isJsonObject(json)) throw new InvalidPatternError('the pattern is not a JSON object');
  return parseObject(json, false);
}

function parseObject(json: Record<string, unknown>, insideOr: boolean): ObjectPattern {
  const entries = Object.entries(json);
  if (entries.length === 0) throw new InvalidPatternError('empty objects are not allowed');
  const fields: FieldPattern[] = [];
  const anyOf: ObjectPattern[][] = [];
  for (const [name, value] of entries) {
    if (name === OR_KEYWORD) {
      anyOf.push(parseOr(value));
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(name)) {
      throw new InvalidPatternError(`"${name}" cannot be a field name inside ${OR_KEYWORD}`);
    }
    if (Array.isArray(value)) {
      fields.push({ name, kind: 'values', rules: parseValueList(name, value) });
    } else if (isJsonObject(value)) {
      fields.push({ name, kind: 'object', pattern: parseObject(value, insideOr) });
    } else {
      throw new InvalidPatternError(`"${name}" must be an object or an array`);
    }
  }
  return { fields, anyOf };
}

function parseOr(value: unknown): ObjectPattern[] {
  if (!Array.isArray(value)) throw new InvalidPatternError(`${OR_KEYWORD} must be an array`);
  if (value.length < 2) throw new InvalidPatternError(`${OR_KEYWORD} needs at least 2 objects`);
  return value.map((branch) => {
    if (!isJsonObject(branch)) throw new InvalidPatternError(`only objects are allowed in ${OR_KEYWORD}`);
    return parseObject(branch, true);
  });
}

function parseValueList(name: string, values: unknown[]): ValueRule[] {
  if (values.length === 0) throw new InvalidPatternError(`"${name}": empty arrays are not allowed`);
  return values.map((value) => parseValueRule(value));
}
