/**
 * Space-delimited filter patterns: `[ip, user, ..., status = 4* || status = 5*, bytes > 1000]`. A
 * message is cut into fields at blanks (a "quoted" or [bracketed] run is one field, without its
 * delimiters); the pattern names one field per element, `...` stands for any number of fields, and an
 * element may hold conditions on its field joined by `&&` / `||`. Without `...` the counts must agree.
 */
import { invalidParameter } from './errors.js';

type Filter = (message: string) => boolean;
type Condition = (field: string) => boolean;
type Element = { ellipsis: true } | { ellipsis: false; test: Condition };

const invalid = () => invalidParameter('Invalid character(s) in term');

/** Splits at top-level commas; quotes keep theirs. */
function elements(body: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of body) {
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) { parts.push(current.trim()); current = ''; continue; }
    current += c;
  }
  if (quoted) throw invalid();
  parts.push(current.trim());
  return parts;
}

function valueTest(op: string, raw: string): Condition {
  const text = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
  const number = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
  if (op === '=' || op === '!=') {
    const re = new RegExp(`^${text.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
    const equal = (field: string) => (number !== undefined && /^-?\d+(\.\d+)?$/.test(field) ? Number(field) === number : re.test(field));
    return op === '=' ? equal : (field) => !equal(field);
  }
  if (number === undefined) throw invalid();
  const compare = { '<': (a: number) => a < number, '<=': (a: number) => a <= number, '>': (a: number) => a > number, '>=': (a: number) => a >= number }[op];
  if (!compare) throw invalid();
  return (field) => /^-?\d+(\.\d+)?$/.test(field) && compare(Number(field));
}

/** `name`, or `name OP value [&&|| [name] OP value]...`: every condition is on this element's field. */
function element(text: string): Element {
  if (text === '...') return { ellipsis: true };
  const m = /^([A-Za-z_][\w.-]*)\s*(.*)$/s.exec(text);
  if (!m) throw invalid();
  const [, name, rest] = m as unknown as [string, string, string];
  if (rest === '') return { ellipsis: false, test: () => true };
  const alternatives = rest.split('||').map((alternative) => alternative.split('&&').map((part) => {
    const c = new RegExp(`^\\s*(?:${name.replace(/[.-]/g, '\\$&')}\\s*)?(!=|<=|>=|=|<|>)\\s*(.+?)\\s*$`, 's').exec(part);
    if (!c) throw invalid();
    return valueTest(c[1]!, c[2]!);
  }));
  return { ellipsis: false, test: (field) => alternatives.some((all) => all.every((t) => t(field))) };
}

function fieldsOf(message: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const text = message.trimEnd();
  while (i < text.length) {
    if (/\s/.test(text[i]!)) { i++; continue; }
    const close = text[i] === '"' ? '"' : text[i] === '[' ? ']' : undefined;
    if (close) {
      const end = text.indexOf(close, i + 1);
      if (end >= 0) { fields.push(text.slice(i + 1, end)); i = end + 1; continue; }
    }
    let field = '';
    while (i < text.length && !/\s/.test(text[i]!)) field += text[i++];
    fields.push(field);
  }
  return fields;
}

function matchFrom(pattern: Element[], p: number, fields: string[], f: number): boolean {
  if (p === pattern.length) return f === fields.length;
  const e = pattern[p]!;
  if (e.ellipsis) {
    for (let skip = f; skip <= fields.length; skip++) if (matchFrom(pattern, p + 1, fields, skip)) return true;
    return false;
  }
  return f < fields.length && e.test(fields[f]!) && matchFrom(pattern, p + 1, fields, f + 1);
}

export function compileDelimitedPattern(pattern: string): Filter {
  if (!pattern.endsWith(']')) throw invalid();
  const parsed = elements(pattern.slice(1, -1)).map(element);
  return (message) => matchFrom(parsed, 0, fieldsOf(message), 0);
}
