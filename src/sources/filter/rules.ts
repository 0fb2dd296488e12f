/**
 * One element of a pattern's value list, as a test on the leaf values found at its field. A plain JSON
 * value matches itself (numbers by numeric value); an object names one operator.
 */
import { anythingButTest, type LeafTest } from './anything-but.js';
import { cidrTest } from './cidr.js';
import { numericTest } from './numeric.js';
import { equalsIgnoreCaseTest, prefixTest, suffixTest, type StringTest } from './strings.js';
import { InvalidPatternError, isJsonObject, isLeaf } from './syntax.js';
import { wildcardTest } from './wildcard.js';

export type ValueRule =
  /** `{"exists": true}` holds when the field has a leaf value, `false` when it has none. */
  | { readonly kind: 'exists'; readonly present: boolean }
  /** Holds when any leaf value at the field passes. */
  | { readonly kind: 'test'; readonly test: LeafTest };

const STRING_OPERATORS: ReadonlyMap<string, (operand: unknown) => StringTest> = new Map([
  ['prefix', prefixTest],
  ['suffix', suffixTest],
  ['equals-ignore-case', equalsIgnoreCaseTest],
  ['wildcard', wildcardTest],
  ['cidr', cidrTest],
]);

export function parseValueRule(value: unknown): ValueRule {
  if (isLeaf(value)) return { kind: 'test', test: (leaf) => leaf === value };
  if (!isJsonObject(value)) throw new InvalidPatternError('a match value is a string, number, boolean, null or an operator');
  const entries = Object.entries(value);
  if (entries.length !== 1) throw new InvalidPatternError('an operator object has exactly one key');
  const [operator, operand] = entries[0]!;
  if (operator === 'exists') {
    if (typeof operand !== 'boolean') throw new InvalidPatternError('exists takes true or false');
    return { kind: 'exists', present: operand };
  }
  if (operator === 'numeric') {
    const test = numericTest(operand);
    return { kind: 'test', test: (leaf) => typeof leaf === 'number' && test(leaf) };
  }
  if (operator === 'anything-but') return { kind: 'test', test: anythingButTest(operand) };
  const stringOperator = STRING_OPERATORS.get(operator);
  if (!stringOperator) throw new InvalidPatternError(`unknown operator ${operator}`);
  const test = stringOperator(operand);
  return { kind: 'test', test: (leaf) => typeof leaf === 'string' && test(leaf) };
}
