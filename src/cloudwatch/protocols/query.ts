/**
 * The query protocol: a form-encoded `Action=<Operation>&Version=2010-08-01&...` body, XML answers; what
 * the AWS CLI sends. Lists are `Name.member.N`, so `Dimensions.member.1.Name` decodes to `Dimensions[0].Name`.
 */
import type { CloudWatchError } from '../errors.js';
import type { Members } from '../input.js';
import { headerValue, type WireAnswer, type WireProtocol, type WireRequest } from './wire.js';

const XML_NAMESPACE = 'http://monitoring.amazonaws.com/doc/2010-08-01/';
/** Output members that are maps: written as `<entry><key/><value/></entry>`. */
const MAP_MEMBERS = new Set(['ExtendedStatistics']);

type Tree = { [key: string]: Tree | string };

function place(tree: Tree, path: string[], value: string): void {
  let node = tree;
  for (const [i, segment] of path.entries()) {
    if (i === path.length - 1) { if (!(segment in node)) node[segment] = value; return; }
    let next = node[segment];
    if (typeof next !== 'object') node[segment] = next = Object.create(null) as Tree;
    node = next;
  }
}

/** `{ member: { 1: a, 2: b } }` becomes `[a, b]`; every other node stays a structure. */
function shape(node: Tree | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  const list = node.member;
  if (keys.length === 1 && typeof list === 'object') {
    return Object.keys(list).filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b)).map((k) => shape(list[k]!));
  }
  return Object.fromEntries(keys.map((k) => [k, shape(node[k]!)]));
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

function xmlOf(name: string, value: unknown): string {
  if (value === undefined) return '';
  if (value instanceof Date) return `<${name}>${formatTimestamp(value)}</${name}>`;
  if (Array.isArray(value)) return `<${name}>${value.map((item) => xmlOf('member', item)).join('')}</${name}>`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const inner = MAP_MEMBERS.has(name)
      ? entries.map(([k, v]) => `<entry><key>${escapeXml(k)}</key>${xmlOf('value', v)}</entry>`).join('')
      : entries.map(([k, v]) => xmlOf(k, v)).join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function answer(status: number, xml: string): WireAnswer {
  return { status, headers: { 'Content-Type': 'text/xml' }, body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`) };
}

export const queryProtocol: WireProtocol = {
  name: 'query',
  matches: (req) => (headerValue(req, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded'),
  decode(req: WireRequest) {
    const form = new URLSearchParams(req.body.toString('utf8'));
    const tree: Tree = Object.create(null) as Tree;
    for (const [key, value] of form) {
      if (key === 'Action' || key === 'Version') continue;
      place(tree, key.split('.'), value);
    }
    return { operation: form.get('Action') ?? undefined, input: shape(tree) as Members };
  },
  encodeOutput(operation, output, requestId) {
    const result = Object.entries(output).map(([k, v]) => xmlOf(k, v)).join('');
    return answer(200,
      `<${operation}Response xmlns="${XML_NAMESPACE}"><${operation}Result>${result}</${operation}Result>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`);
  },
  encodeError(error: CloudWatchError, requestId) {
    return answer(error.status,
      `<ErrorResponse xmlns="${XML_NAMESPACE}"><Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code>` +
        `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
  },
};
