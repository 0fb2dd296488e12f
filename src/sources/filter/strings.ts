/** The string operators: prefix, suffix and equals-ignore-case (also the inner forms anything-but takes). */
import { InvalidPatternError, isJsonObject } from './syntax.js';

export type StringTest = (value: string) => boolean;

const IGNORE_CASE = 'equals-ignore-case';

/** Case folding for the ignore-case forms: lower case of the upper case, so ß/SS and the like agree. */
export function foldCase(text: string): string {
  return text.toUpperCase().toLowerCase();
}

/** `{"prefix": "abc"}` or `{"prefix": {"equals-ignore-case": "abc"}}`. */
export function prefixTest(operand: unknown): StringTest {
  const { text, ignoreCase } = affixOperand('prefix', operand);
  if (!ignoreCase) return (value) => value.startsWith(text);
  const folded = foldCase(text);
  return (value) => foldCase(value).startsWith(folded);
}

/** `{"suffix": "abc"}` or `{"suffix": {"equals-ignore-case": "abc"}}`. */
export function suffixTest(operand: unknown): StringTest {
  const { text, ignoreCase } = affixOperand('suffix', operand);
  if (!ignoreCase) return (value) => value.endsWith(text);
  const folded = foldCase(text);
  return (value) => foldCase(value).endsWith(folded);
}

/** `{"equals-ignore-case": "abc"}`. */
export function equalsIgnoreCaseTest(operand: unknown): StringTest {
  if (typeof operand !== 'string') throw new InvalidPatternError(`${IGNORE_CASE} takes a string`);
  const folded = foldCase(operand);
  return (value) => foldCase(value) === folded;
}

function affixOperand(operator: string, operand: unknown): { text: string; ignoreCase: boolean } {
  if (typeof operand === 'string') return { text: operand, ignoreCase: false };
  if (isJsonObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length === 1 && keys[0] === IGNORE_CASE && typeof operand[IGNORE_CASE] === 'string') {
      return { text: operand[IGNORE_CASE], ignoreCase: true };
    }
  }
  throw new InvalidPatternError(`${operator} takes a string or {"${IGNORE_CASE}": string}`);
}
