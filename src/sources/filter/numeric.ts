/**
 * `{"numeric": ["=", 5]}`, `[">", 0]`, `["<=", 9.5]`, or a range `[">", 0, "<=", 5]` (a lower bound first,
 * then an upper one). It tests JSON numbers only: "42" is a string and never matches (DynamoDB's `N`
 * attribute values are strings, so numeric rules on them never match, as recorded on AWS).
 */
import { InvalidPatternError } from './syntax.js';

export type NumberTest = (value: number) => boolean;

type Bound = (bound: number) => NumberTest;
const LOWER: ReadonlyMap<string, Bound> = new Map<string, Bound>([
  ['>', (bound) => (value) => value > bound],
  ['>=', (bound) => (value) => value >= bound],
]);
const UPPER: ReadonlyMap<string, Bound> = new Map<string, Bound>([
  ['<', (bound) => (value) => value < bound],
  ['<=', (bound) => (value) => value <= bound],
]);

export function numericTest(operand: unknown): NumberTest {
  if (!Array.isArray(operand)) throw new InvalidPatternError('numeric takes an array');
  const [operator, value, ...rest] = operand as unknown[];
  if (typeof operator !== 'string') throw new InvalidPatternError('numeric: an operator comes first');
  const bound = numberOperand(operator, value);
  if (operator === '=') {
    noMoreTerms(rest);
    return (candidate) => candidate === bound;
  }
  const upper = UPPER.get(operator);
  if (upper) {
    noMoreTerms(rest);
    return upper(bound);
  }
  const lower = LOWER.get(operator);
  if (!lower) throw new InvalidPatternError(`numeric: unknown operator ${operator}`);
  if (rest.length === 0) return lower(bound);
  return rangeTest(lower(bound), bound, rest);
}

function rangeTest(aboveLower: NumberTest, lowerBound: number, rest: unknown[]): NumberTest {
  const [operator, value, ...extra] = rest;
  const upper = typeof operator === 'string' ? UPPER.get(operator) : undefined;
  if (!upper) throw new InvalidPatternError('numeric: a range closes with < or <=');
  const upperBound = numberOperand(operator as string, value);
  noMoreTerms(extra);
  if (upperBound < lowerBound) throw new InvalidPatternError('numeric: the upper bound is below the lower one');
  const belowUpper = upper(upperBound);
  return (candidate) => aboveLower(candidate) && belowUpper(candidate);
}

function numberOperand(operator: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidPatternError(`numeric: the value of ${operator} must be a number`);
  }
  return value;
}

function noMoreTerms(rest: unknown[]): void {
  if (rest.length > 0) throw new InvalidPatternError('numeric: too many terms');
}
