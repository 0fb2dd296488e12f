/**
 * Requests for the model-driven fuzz test: for every operation of the model, a well-formed baseline
 * (values that satisfy the model's constraints and name the fixtures the test creates), then, for each
 * member down to nested structures, a few seeded mutations of it: nulls, wrong JSON types, values out of
 * range, over-long text, and wire text that is not what the member's type needs.
 */
import { MODEL } from '../../../src/model/model.generated.js';
import type { MemberSpec, OperationSpec, ShapeSpec } from '../../../src/model/model-types.js';

export const ACCOUNT = '000000000000';
export const FIXTURE = 'fuzz';
const REGION = 'us-east-1';

/** A wire request, plus what it mutates, to name it when the server answers 5xx. */
export interface FuzzCase {
  operation: string;
  member: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Values tried, in order, for strings with a pattern: the first that fits names a fixture when it can. */
const CANDIDATES = [
  FIXTURE, '1', `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FIXTURE}`, `arn:aws:iam::${ACCOUNT}:role/fuzz-role`,
  `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:${FIXTURE}:1`, `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:${FIXTURE}`,
  `arn:aws:sqs:${REGION}:${ACCOUNT}:fuzz-queue`, 'lambda:InvokeFunction', 'lambda:GetLayerVersion', ACCOUNT,
  's3.amazonaws.com', `arn:aws:lambda:${REGION}:${ACCOUNT}:code-signing-config:csc-0123456789abcdef0`,
  `arn:aws:lambda:${REGION}:${ACCOUNT}:capacity-provider:${FIXTURE}`,
  `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FIXTURE}:$LATEST/durable-execution/run/id`,
  'subnet-0123456789abcdef0', 'sg-0123456789abcdef0', 'https://example.com', 'o-a1b2c3d4e5', 'fuzz.example.com',
  '0123456789abcdef0123456789abcdef', 'a1b2c3d4-5678-90ab-cdef-1234567890ab',
];

/** Well-formed but awkward: other accounts, regions, qualifiers and forms of a name. */
const AWKWARD = [
  `arn:aws:lambda:eu-west-1:111111111111:function:other:7`, `${ACCOUNT}:function:${FIXTURE}`, `${FIXTURE}:$LATEST`, `${FIXTURE}:99`,
  `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FIXTURE}:${FIXTURE}`, `arn:aws:lambda:${REGION}:111111111111:layer:other:3`,
  '$LATEST', '99', 'missing', '0', `arn:aws:sns:${REGION}:${ACCOUNT}:topic`, `arn:aws:s3:::bucket`, '*',
];

/** Members whose well-formed value is not the first candidate that fits their pattern. */
const BY_MEMBER: Record<string, unknown> = {
  Runtime: 'nodejs20.x', Handler: 'index.handler', InvocationType: 'RequestResponse',
  ReservedConcurrentExecutions: 1, ProvisionedConcurrentExecutions: 1,
};

const patternCache = new Map<string, RegExp | null>();
function fits(shape: ShapeSpec, value: string): boolean {
  if (shape.min !== undefined && value.length < shape.min) return false;
  if (shape.max !== undefined && value.length > shape.max) return false;
  if (shape.pattern === undefined) return true;
  let re = patternCache.get(shape.pattern);
  if (re === undefined) {
    try { re = new RegExp(`^(?:${shape.pattern})$`, 's'); } catch { re = null; }
    patternCache.set(shape.pattern, re);
  }
  return re === null || re.test(value);
}

/** A value of the shape that passes the model's constraints (only required members for structures). */
export function wellFormed(shapeName: string, zipBase64: string, memberName = '', depth = 0): unknown {
  if (memberName in BY_MEMBER) return BY_MEMBER[memberName];
  if (memberName === 'Code' || memberName === 'Content') return { ZipFile: zipBase64 };
  const shape = MODEL.shapes[shapeName]!;
  switch (shape.type) {
    case 'string': {
      if (shape.enum) return shape.enum[0];
      return CANDIDATES.find((c) => fits(shape, c)) ?? 'a'.repeat(Math.max(1, shape.min ?? 1));
    }
    case 'integer': case 'long': return Math.max(shape.min ?? 1, 1);
    case 'double': case 'float': return Math.max(shape.min ?? 0, 0.5);
    case 'boolean': return false;
    case 'timestamp': return 1_700_000_000;
    case 'blob': return memberName === 'ZipFile' ? zipBase64 : Buffer.from('{}').toString('base64');
    case 'list': return shape.min ? [wellFormed(shape.member!, zipBase64, '', depth + 1)] : [];
    case 'map': return {};
    case 'structure': {
      if (depth > 4) return {};
      const out: Record<string, unknown> = {};
      for (const name of shape.required ?? []) {
        out[name] = wellFormed(shape.members![name]!.shape, zipBase64, name, depth + 1);
      }
      return out;
    }
    default: return undefined;
  }
}

/** Deterministic choices: mulberry32. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LONG = 'x'.repeat(70_000);

/** Values of the shape's own pattern other than the baseline's. */
function awkward(shape: ShapeSpec): string[] {
  return shape.type === 'string' && shape.pattern !== undefined ? [...CANDIDATES, ...AWKWARD].filter((c) => fits(shape, c)).slice(1) : [];
}

/** JSON values to put where the shape belongs. */
function bodyMutations(shape: ShapeSpec): unknown[] {
  // null first: every member gets it.
  const common: unknown[] = [null, true, {}, [], 'text', 7];
  switch (shape.type) {
    case 'string': return [...common, '', LONG, '\u0000', 'é✓🙂', 'x'.repeat((shape.max ?? 255) + 1), ...awkward(shape)];
    case 'integer': case 'long': case 'double': case 'float':
      return [...common, '12', 1.5, -1, 2 ** 31, 1e308, -(2 ** 53), (shape.max ?? 0) + 1, (shape.min ?? 0) - 1, 'NaN'];
    case 'boolean': return [...common, 'true', 0];
    case 'blob': return [...common, '', 'not base64!!', LONG];
    case 'timestamp': return [...common, 'yesterday', -1, 1e20];
    case 'list': return [...common, [null], [7], [{}], Array.from({ length: (shape.max ?? 100) + 1 }, () => 'a')];
    case 'map': return [...common, { k: null }, { k: 7 }, { '': 'v' }, { k: {} }, Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`K${i}`, 'v']))];
    case 'structure': return [...common, { Unknown: 1 }];
    default: return common;
  }
}

/** Wire text for members in the URI, query or headers (never URL-encoded by the test). */
const WIRE_TEXT = ['', 'abc', '1.5', 'NaN', '%00', '%', '%ZZ', '-1', '99999999999', '..', '%2E%2E%2F', '%C3%A9', 'x'.repeat(3000), 'true'];

/** Besides null, which every body member gets: the bugs found so far were nearly all nulls. */
const CASES_PER_MEMBER = 5;

function pick<T>(values: T[], random: () => number, count: number): T[] {
  const pool = [...values];
  const out: T[] = [];
  while (out.length < count && pool.length) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

interface Located { name: string; member: MemberSpec }

function encodeLabel(value: unknown): string {
  return encodeURIComponent(String(value)).replace(/%24/g, '$');
}

/** Builds the request for an input: labels into the path, query and headers, the rest as the body. */
function request(operation: string, spec: OperationSpec, input: Record<string, unknown>, wire: Record<string, string>, rawBody?: string): Omit<FuzzCase, 'member'> {
  const shape = MODEL.shapes[spec.input!]!;
  let path = spec.path;
  const query: string[] = Object.entries(spec.query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  const headers: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const wireName = member.locationName ?? name;
    const text = wire[name] ?? (input[name] === undefined ? undefined : encodeLabel(input[name]));
    if (member.location === 'uri') {
      path = path.replace(new RegExp(`\\{${wireName}\\+?\\}`), text ?? '');
    } else if (member.location === 'querystring') {
      if (text !== undefined) query.push(`${wireName}=${text}`);
    } else if (member.location === 'header') {
      if (text !== undefined) headers[wireName] = wire[name] ?? String(input[name]);
    } else if (input[name] !== undefined) {
      body[name] = input[name];
    }
  }
  const payload = shape.payload;
  let text: string | undefined = rawBody;
  if (text === undefined) {
    if (payload && MODEL.shapes[shape.members![payload]!.shape]!.type === 'blob') {
      const value = input[payload];
      text = value === undefined ? undefined : typeof value === 'string' ? Buffer.from(value, 'base64').toString('latin1') : JSON.stringify(value);
    } else {
      const content = payload ? body[payload] : body;
      text = content === undefined ? undefined : JSON.stringify(content);
    }
  }
  if (text !== undefined) headers['content-type'] = 'application/json';
  return { operation, method: spec.method, path: `${path}${query.length ? `?${query.join('&')}` : ''}`, headers, body: text };
}

/** Every member path below a structure, to depth 3, with the shape it holds. */
function memberPaths(shapeName: string, prefix: string[] = [], depth = 0): Array<{ path: string[]; shape: string; located: Located }> {
  const shape = MODEL.shapes[shapeName]!;
  const out: Array<{ path: string[]; shape: string; located: Located }> = [];
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    out.push({ path: [...prefix, name], shape: member.shape, located: { name, member } });
    if (depth < 2 && MODEL.shapes[member.shape]!.type === 'structure' && !member.location) {
      out.push(...memberPaths(member.shape, [...prefix, name], depth + 1));
    }
  }
  return out;
}

function setAt(root: Record<string, unknown>, path: string[], value: unknown, zipBase64: string, rootShape: string): void {
  let node = root;
  let shapeName = rootShape;
  for (const name of path.slice(0, -1)) {
    const memberShape = MODEL.shapes[shapeName]!.members![name]!.shape;
    if (node[name] === undefined || node[name] === null || typeof node[name] !== 'object') node[name] = wellFormed(memberShape, zipBase64, name);
    node = node[name] as Record<string, unknown>;
    shapeName = memberShape;
  }
  node[path[path.length - 1]!] = value;
}

/** The cases for one operation, deterministic for a seed. */
export function casesFor(operation: string, zipBase64: string, random: () => number): FuzzCase[] {
  const spec = MODEL.operations[operation]!;
  if (!spec.input) return [];
  const baseline = wellFormed(spec.input, zipBase64) as Record<string, unknown>;
  // AWS requires these for a zip package though the model marks them optional.
  if (operation === 'CreateFunction') Object.assign(baseline, { Runtime: BY_MEMBER.Runtime, Handler: BY_MEMBER.Handler });
  const out: FuzzCase[] = [];
  const add = (member: string, input: Record<string, unknown>, wire: Record<string, string> = {}, rawBody?: string) => {
    out.push({ member, ...request(operation, spec, input, wire, rawBody) });
  };
  add('(baseline)', baseline);
  for (const body of pick(['null', '[]', '"x"', '{', '7'], random, 2)) add('(whole body)', baseline, {}, body);
  for (const { path, shape, located } of memberPaths(spec.input)) {
    const label = path.join('.');
    if (path.length === 1 && located.member.location && ['uri', 'querystring', 'header'].includes(located.member.location)) {
      const texts = [...WIRE_TEXT, ...awkward(MODEL.shapes[shape]!).map(encodeLabel)];
      for (const text of pick(texts, random, CASES_PER_MEMBER)) add(label, baseline, { [located.name]: text });
      continue;
    }
    const [, ...others] = bodyMutations(MODEL.shapes[shape]!);
    for (const value of [null, ...pick(others, random, CASES_PER_MEMBER)]) {
      const input = structuredClone(baseline);
      setAt(input, path, value, zipBase64, spec.input);
      add(label, input);
    }
  }
  // CreateFunction's fixture name exists; a fresh name lets each case reach past the conflict check.
  if (operation === 'CreateFunction') {
    out.forEach((c, i) => {
      if (c.member !== 'FunctionName' && c.body?.startsWith('{')) {
        c.body = c.body.replace(`"FunctionName":"${FIXTURE}"`, `"FunctionName":"fuzz-created-${i}"`);
      }
    });
  }
  return out;
}
