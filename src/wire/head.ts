import type { IncomingHttpHeaders } from 'node:http';

/** An HTTP/1.1 request head as the hand-framed path reads it. */
export interface RequestHead {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The declared Content-Length, 0 without one. */
  length: number;
}

/** A bare CR or LF, or a NUL: node:http would refuse the request, and so is it left to it. */
const STRAY_BREAK = /\0|[^\r]\n|\r(?!\n)/;
const DECIMAL_LENGTH = /^\d{1,10}$/;

/**
 * The request head in `head` (without its blank line), or undefined if it is anything unusual: another
 * HTTP version, a repeated header, a malformed line or length. What this refuses goes to node:http,
 * which answers it as it answers any request.
 */
export function parseHead(head: string): RequestHead | undefined {
  if (STRAY_BREAK.test(head)) return undefined;
  let lineEnd = head.indexOf('\r\n');
  if (lineEnd === -1) lineEnd = head.length;
  const firstSpace = head.indexOf(' ');
  const secondSpace = head.indexOf(' ', firstSpace + 1);
  if (firstSpace <= 0 || secondSpace <= firstSpace + 1 || head.slice(secondSpace + 1, lineEnd) !== 'HTTP/1.1') return undefined;
  const headers: IncomingHttpHeaders = {};
  for (let at = lineEnd + 2; at < head.length; at = lineEnd + 2) {
    lineEnd = head.indexOf('\r\n', at);
    if (lineEnd === -1) lineEnd = head.length;
    const colon = head.indexOf(':', at);
    if (colon <= at || colon > lineEnd) return undefined;
    const name = head.slice(at, colon).toLowerCase();
    if (name.trim() !== name || name in headers) return undefined;
    headers[name] = head.slice(colon + 1, lineEnd).trim();
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
