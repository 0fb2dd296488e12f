/**
 * CloudWatch Logs filter patterns, compiled once per request into a predicate on an event's message.
 *
 * Text patterns: every term must occur (case-sensitive); `"a phrase"` is one term; `-term` must not
 * occur; of the `?term`s at least one must; `%regex%` is a regular expression term.
 * JSON patterns: `{ $.a.b[0] = value }` on messages that are JSON objects, with `=`, `!=`, `<`, `<=`,
 * `>`, `>=`, `*` wildcards in string values, `IS NULL|TRUE|FALSE`, `EXISTS`, `NOT EXISTS`, `&&`, `||`
 * and parentheses (see json-pattern.ts).
 * Space-delimited patterns: `[ip, user, ..., status = 5*, bytes > 1000]` (see delimited-pattern.ts).
 */
import { invalidParameter } from './errors.js';
import { compileDelimitedPattern } from './delimited-pattern.js';
import { compileJsonPattern } from './json-pattern.js';

export type MessageFilter = (message: string) => boolean;

const matchAll: MessageFilter = () => true;

export const invalidPattern = () => invalidParameter('Invalid character(s) in term');

interface TextTerm { kind: 'required' | 'optional' | 'excluded'; test: (message: string) => boolean }

function termTest(text: string): (message: string) => boolean {
  if (text.length >= 2 && text.startsWith('%') && text.endsWith('%')) {
    let re: RegExp;
    try { re = new RegExp(text.slice(1, -1)); } catch { throw invalidPattern(); }
    return (message) => re.test(message);
  }
  return (message) => message.includes(text);
}

/** Splits a text pattern into terms: runs of non-blank characters, or double-quoted phrases. */
function textTerms(pattern: string): TextTerm[] {
  const terms: TextTerm[] = [];
  let i = 0;
  while (i < pattern.length) {
    if (/\s/.test(pattern[i]!)) { i++; continue; }
    let kind: TextTerm['kind'] = 'required';
    if (pattern[i] === '-' || pattern[i] === '?') {
      kind = pattern[i] === '-' ? 'excluded' : 'optional';
      i++;
    }
    let text = '';
    if (pattern[i] === '"') {
      i++;
      while (i < pattern.length && pattern[i] !== '"') {
        if (pattern[i] === '\\' && i + 1 < pattern.length) i++;
        text += pattern[i++];
      }
      if (pattern[i] !== '"') throw invalidPattern();
      i++;
    } else {
      while (i < pattern.length && !/\s/.test(pattern[i]!)) text += pattern[i++];
    }
    if (text === '') {
      // A lone `-` or `?` is an ordinary term.
      if (kind === 'required') continue;
      terms.push({ kind: 'required', test: termTest(kind === 'excluded' ? '-' : '?') });
      continue;
    }
    terms.push({ kind, test: termTest(text) });
  }
  return terms;
}

function compileText(pattern: string): MessageFilter {
  const terms = textTerms(pattern);
  if (terms.length === 0) return matchAll;
  const required = terms.filter((t) => t.kind === 'required');
  const optional = terms.filter((t) => t.kind === 'optional');
  const excluded = terms.filter((t) => t.kind === 'excluded');
  return (message) =>
    required.every((t) => t.test(message)) &&
    (optional.length === 0 || optional.some((t) => t.test(message))) &&
    !excluded.some((t) => t.test(message));
}

export function compileFilterPattern(pattern: string | undefined): MessageFilter {
  const trimmed = (pattern ?? '').trim();
  if (trimmed === '' || trimmed === '""') return matchAll;
  if (trimmed.startsWith('{')) return compileJsonPattern(trimmed);
  if (trimmed.startsWith('[')) return compileDelimitedPattern(trimmed);
  return compileText(trimmed);
}
