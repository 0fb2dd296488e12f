/**
 * `{"anything-but": ...}`: matches every present value except the ones named. It takes a string, a number,
 * a list of only strings or only numbers, or one of `{"prefix": s}`, `{"suffix": s}`,
 * `{"equals-ignore-case": s | [s]}`, `{"wildcard": s | [s]}`. A value of another type than the excluded
 * ones (a number against excluded strings, null, a boolean) is not excluded, so it matches; a missing field
 * never does (that is the caller's part: only present values are tested).
 */
import { equalsIgnoreCaseTest, prefixTest, suffixTest, type StringTest } from './strings.js';
import { InvalidPatternError, isJsonObject, type Leaf } from './syntax.js';
import { wildcardTest } from './wildcard.js';

export type LeafTest = (leaf: Leaf) => boolean;

export function anythingButTest(operand: unknown): LeafTest {
  if (typeof operand === 'string' || typeof operand === 'number') return excluding([operand]);
  if (Array.isArray(operand)) return excluding(operand);
  if (isJsonObject(operand)) {
    const excluded = innerStringTest(operand);
    return (leaf) => typeof leaf !== 'string' || !excluded(leaf);
  }
  throw new InvalidPatternError('anything-but takes a string, a number, a list or an object');
}

function excluding(values: unknown[]): LeafTest {
  const allStrings = values.every((value) => typeof value === 'string');
  const allNumbers = values.every((value) => typeof value === 'number');
  if (values.length === 0 || !(allStrings || allNumbers)) {
    throw new InvalidPatternError('anything-but lists hold only strings or only numbers');
  }
  const set = new Set<unknown>(values);
  return (leaf) => !set.has(leaf);
}

function innerStringTest(operand: Record<string, unknown>): StringTest {
  const entries = Object.entries(operand);
  if (entries.length !== 1) throw new InvalidPatternError('anything-but takes one inner operator');
  const [operator, inner] = entries[0]!;
  switch (operator) {
    case 'prefix':
    case 'suffix':
      if (typeof inner !== 'string' || inner === '') {
        throw new InvalidPatternError(`anything-but ${operator} takes a non-empty string`);
      }
      return operator === 'prefix' ? prefixTest(inner) : suffixTest(inner);
    case 'equals-ignore-case':
      return anyOf(inner, equalsIgnoreCaseTest);
    case 'wildcard':
      return anyOf(inner, wildcardTest);
    default:
      throw new InvalidPatternError(`anything-but does not take ${operator}`);
  }
}

/** One string or a non-empty list of strings, each turned into a test; true when any of them matches. */
function anyOf(inner: unknown, build: (operand: unknown) => StringTest): StringTest {
  const operands = Array.isArray(inner) ? inner : [inner];
  if (operands.length === 0 || !operands.every((operand) => typeof operand === 'string')) {
    throw new InvalidPatternError('anything-but takes a string or a list of strings here');
  }
  const tests = operands.map(build);
  return (value) => tests.some((test) => test(value));
}
