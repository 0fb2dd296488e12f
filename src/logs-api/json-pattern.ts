/**
 * JSON filter patterns: `{ SELECTOR OP VALUE }` joined by `&&` / `||` (`&&` binds tighter) and grouped
 * by parentheses. A message that is not a JSON object matches no JSON pattern. A selector naming no
 * value makes its comparison false, except `NOT EXISTS`.
 */
import { invalidParameter } from './errors.js';

type Filter = (message: string) => boolean;
type Test = (root: unknown) => boolean;

const invalid = () => invalidParameter('Invalid character(s) in term');

interface Token { kind: 'punct' | 'selector' | 'string' | 'word'; text: string }

const PUNCT = ['&&', '||', '!=', '<=', '>=', '=', '<', '>', '(', ')', '{', '}'];

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const punct = PUNCT.find((p) => pattern.startsWith(p, i));
    if (punct) { tokens.push({ kind: 'punct', text: punct }); i += punct.length; continue; }
    if (c === '"') {
      let text = '';
      i++;
      while (i < pattern.length && pattern[i] !== '"') {
        if (pattern[i] === '\\' && i + 1 < pattern.length) i++;
        text += pattern[i++];
      }
      if (pattern[i] !== '"') throw invalid();
      i++;
      tokens.push({ kind: 'string', text });
      continue;
    }
    let text = '';
    while (i < pattern.length && !/\s/.test(pattern[i]!) && !PUNCT.some((p) => pattern.startsWith(p, i))) text += pattern[i++];
    tokens.push({ kind: text.startsWith('$') ? 'selector' : 'word', text });
  }
  return tokens;
}

/** `$.a.b[0].c` → ['a', 'b', 0, 'c']; `$` alone is the whole object. */
function parseSelector(text: string): (string | number)[] {
  const path: (string | number)[] = [];
  let rest = text.slice(1);
  while (rest !== '') {
    const m = /^\.([^.[\]]+)/.exec(rest) ?? /^\[(\d+)\]/.exec(rest);
    if (!m) throw invalid();
    path.push(rest.startsWith('[') ? Number(m[1]) : m[1]!);
    rest = rest.slice(m[0].length);
  }
  return path;
}

const MISSING = Symbol('missing');

function select(root: unknown, path: (string | number)[]): unknown {
  let value: unknown = root;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(value) || step >= value.length) return MISSING;
      value = value[step];
    } else {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, step)) return MISSING;
      value = (value as Record<string, unknown>)[step];
    }
  }
  return value;
}

function wildcard(text: string): (value: string) => boolean {
  if (!text.includes('*')) return (value) => value === text;
  const re = new RegExp(`^${text.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return (value) => re.test(value);
}

function comparison(path: (string | number)[], op: string, value: Token): Test {
  const numeric = value.kind === 'word' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.text) ? Number(value.text) : undefined;
  if (op === '=' || op === '!=') {
    const equal: (v: unknown) => boolean = numeric !== undefined
      ? (v) => typeof v === 'number' && v === numeric
      : ((matches) => (v: unknown) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && matches(String(v)))(wildcard(value.text));
    return (root) => {
      const v = select(root, path);
      if (v === MISSING) return false;
      return op === '=' ? equal(v) : !equal(v);
    };
  }
  if (numeric === undefined) throw invalid();
  const compare = { '<': (a: number) => a < numeric, '<=': (a: number) => a <= numeric, '>': (a: number) => a > numeric, '>=': (a: number) => a >= numeric }[op];
  if (!compare) throw invalid();
  return (root) => {
    const v = select(root, path);
    return typeof v === 'number' && compare(v);
  };
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined { return this.tokens[this.i]; }
  private next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw invalid();
    return t;
  }
  private expect(text: string): void {
    const t = this.next();
    if (t.kind !== 'punct' || t.text !== text) throw invalid();
  }
  private at(text: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  pattern(): Test {
    this.expect('{');
    const test = this.or();
    this.expect('}');
    if (this.i !== this.tokens.length) throw invalid();
    return test;
  }

  private or(): Test {
    const tests = [this.and()];
    while (this.at('||')) { this.i++; tests.push(this.and()); }
    return tests.length === 1 ? tests[0]! : (root) => tests.some((t) => t(root));
  }

  private and(): Test {
    const tests = [this.unary()];
    while (this.at('&&')) { this.i++; tests.push(this.unary()); }
    return tests.length === 1 ? tests[0]! : (root) => tests.every((t) => t(root));
  }

  private unary(): Test {
    if (this.at('(')) {
      this.i++;
      const test = this.or();
      this.expect(')');
      return test;
    }
    const selector = this.next();
    if (selector.kind !== 'selector') throw invalid();
    const path = parseSelector(selector.text);
    const t = this.next();
    if (t.kind === 'word') {
      const word = t.text.toUpperCase();
      if (word === 'EXISTS') return (root) => select(root, path) !== MISSING;
      if (word === 'NOT' && this.next().text.toUpperCase() === 'EXISTS') return (root) => select(root, path) === MISSING;
      if (word === 'IS') {
        const what = this.next().text.toUpperCase();
        const expected = { NULL: null, TRUE: true, FALSE: false }[what];
        if (expected === undefined) throw invalid();
        return (root) => select(root, path) === expected;
      }
      throw invalid();
    }
    if (t.kind !== 'punct' || ['=', '!=', '<', '<=', '>', '>='].indexOf(t.text) < 0) throw invalid();
    const value = this.next();
    if (value.kind !== 'word' && value.kind !== 'string') throw invalid();
    return comparison(path, t.text, value);
  }
}

export function compileJsonPattern(pattern: string): Filter {
  const test = new Parser(tokenize(pattern)).pattern();
  return (message) => {
    const text = message.trim();
    if (!text.startsWith('{')) return false;
    let root: unknown;
    try { root = JSON.parse(text); } catch { return false; }
    return test(root);
  };
}
