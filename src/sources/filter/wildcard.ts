/**
 * `{"wildcard": "dir/*.png"}`: `*` stands for any run of characters (none included), `\*` for a literal
 * asterisk and `\\` for a backslash. EventBridge refuses two wildcards in a row and any other escape.
 */
import type { StringTest } from './strings.js';
import { InvalidPatternError } from './syntax.js';

export function wildcardTest(operand: unknown): StringTest {
  if (typeof operand !== 'string') throw new InvalidPatternError('wildcard takes a string');
  const segments = literalSegments(operand);
  if (segments.length === 1) {
    const only = segments[0]!;
    return (value) => value === only;
  }
  return (value) => matchesSegments(value, segments);
}

/** The literal text between wildcards: n wildcards give n + 1 segments (the first and last may be empty). */
function literalSegments(pattern: string): string[] {
  const segments: string[] = [];
  let current = '';
  let previousWasWildcard = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') throw new InvalidPatternError('wildcard: only \\* and \\\\ may be escaped');
      current += next;
      i++;
      previousWasWildcard = false;
    } else if (char === '*') {
      if (previousWasWildcard) throw new InvalidPatternError('wildcard: consecutive wildcards are not allowed');
      segments.push(current);
      current = '';
      previousWasWildcard = true;
    } else {
      current += char;
      previousWasWildcard = false;
    }
  }
  segments.push(current);
  return segments;
}

/** Greedy-free matching: anchor the first and last segments, then find the middle ones left to right. */
function matchesSegments(value: string, segments: readonly string[]): boolean {
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  let position = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const found = value.indexOf(segments[i]!, position);
    if (found < 0 || found + segments[i]!.length > end) return false;
    position = found + segments[i]!.length;
  }
  return true;
}
