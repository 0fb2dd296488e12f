import type { IncomingHttpHeaders } from 'node:http';

/** An HTTP/1.1 request head as the hand-framed path reads it. */
export interface RequestHead {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The declared Content-Length, 0 without one. */
  length: number;
}

const DECIMAL_LENGTH = /^\d{1,10}$/;
/** What node:http refuses in a header value (control characters): such a request is left to it. */
export const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
/** A header name is an RFC 9110 token (lower-cased here): node:http refuses any other, and so is it left to it. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

const isOptionalSpace = (code: number) => code === 32 || code === 9;

/**
 * Header names as they were written, lower-cased and checked once: clients send the same few names on
 * every request, and a name seen before is already an interned key (a fresh one costs more to store
 * than the rest of its line). Bounded, so a client making up names cannot grow it.
 */
const KNOWN_NAMES = new Map<string, string>();
const MAX_KNOWN_NAMES = 512;

/** The lower-cased name, or undefined when it is not an RFC 9110 token. */
function headerName(raw: string): string | undefined {
  const known = KNOWN_NAMES.get(raw);
  if (known !== undefined) return known;
  const name = raw.toLowerCase();
  if (!TOKEN.test(name)) return undefined;
  if (KNOWN_NAMES.size < MAX_KNOWN_NAMES) KNOWN_NAMES.set(raw, name);
  return name;
}

/** A control character other than a line break or a tab, anywhere in a head: one test for the whole head. */
const CONTROL_IN_HEAD = /[^\t\r\n\x20-\x7e\x80-\xff]/;

/**
 * Each LF is the end of a CRLF and no CR stands alone, nor is there any other control character (a tab
 * aside): else node:http refuses it.
 */
function cleanlyBroken(head: string): boolean {
  if (CONTROL_IN_HEAD.test(head)) return false;
  let crs = 0;
  for (let at = head.indexOf('\r'); at !== -1; at = head.indexOf('\r', at + 1)) {
    if (head.charCodeAt(at + 1) !== 10) return false;
    crs++;
  }
  let lfs = 0;
  for (let at = head.indexOf('\n'); at !== -1; at = head.indexOf('\n', at + 1)) lfs++;
  return crs === lfs;
}

/**
 * The request head in `head` (without its blank line), or undefined if it is anything unusual: another
 * HTTP version, a repeated header, a malformed line or length. What this refuses goes to node:http,
 * which answers it as it answers any request.
 */
export function parseHead(head: string): RequestHead | undefined {
  if (!cleanlyBroken(head)) return undefined;
  let lineEnd = head.indexOf('\r\n');
  if (lineEnd === -1) lineEnd = head.length;
  const firstSpace = head.indexOf(' ');
  const secondSpace = head.indexOf(' ', firstSpace + 1);
  if (firstSpace <= 0 || secondSpace <= firstSpace + 1 || secondSpace + 9 !== lineEnd || !head.startsWith('HTTP/1.1', secondSpace + 1)) return undefined;
  const headers: IncomingHttpHeaders = {};
  for (let at = lineEnd + 2; at < head.length; at = lineEnd + 2) {
    lineEnd = head.indexOf('\r\n', at);
    if (lineEnd === -1) lineEnd = head.length;
    const colon = head.indexOf(':', at);
    if (colon <= at || colon > lineEnd) return undefined;
    const name = headerName(head.slice(at, colon));
    // Not `in`: a lookup on the object's own shape is cheaper, and no header's value is undefined.
    if (name === undefined || headers[name] !== undefined) return undefined;
    // Only spaces and tabs are optional whitespace (the head holds no other control character).
    let start = colon + 1;
    let end = lineEnd;
    while (start < end && isOptionalSpace(head.charCodeAt(start))) start++;
    while (end > start && isOptionalSpace(head.charCodeAt(end - 1))) end--;
    headers[name] = head.slice(start, end);
  }
  const declared = headers['content-length'] as string | undefined;
  if (declared !== undefined && !DECIMAL_LENGTH.test(declared)) return undefined;
  return {
    method: head.slice(0, firstSpace), url: head.slice(firstSpace + 1, secondSpace), headers, length: declared === undefined ? 0 : Number(declared),
  };
}

/** `Connection: keep-alive`, which HTTP/1.1 means anyway and node:http's agents send on every request. */
const KEEP_ALIVE = /^keep-alive$/i;

/** Framing the hand-framed path does not do (chunked bodies, 100-continue, upgrades, other connection options). */
export function plainlyFramed(headers: IncomingHttpHeaders): boolean {
  const connection = headers.connection;
  return headers['transfer-encoding'] === undefined && headers.expect === undefined && headers.upgrade === undefined &&
    (connection === undefined || KEEP_ALIVE.test(connection));
}
