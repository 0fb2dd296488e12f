/**
 * Pulls the SigV4 elements out of a request, from the `Authorization` header or from a presigned query string,
 * rejecting requests whose elements are missing with AWS's messages. Only syntax is checked here; what the
 * elements say (scope, time, signature) is checked by the callers.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parseAmzDate, parseHttpDate } from './amz-date.js';
import { incompleteSignature, invalidSignature, missingAuthenticationToken } from './errors.js';

export interface QueryParam {
  key: string;
  value: string;
}

export interface SignatureParts {
  form: 'header' | 'query';
  algorithm: string;
  /** `AKID/YYYYMMDD/region/service/aws4_request` as sent. */
  credential: string;
  /** Lower-cased, in the client's order. */
  signedHeaders: string[];
  signature: string;
  /** When the client signed: `X-Amz-Date` (header or query), else the `Date` header. */
  timestamp: Date;
  /** Presigned URLs: `X-Amz-Expires` in seconds, when present. */
  expiresSeconds: number | undefined;
  securityToken: string | undefined;
  /** The decoded query string in wire order; parsed only when the query carried the signature. */
  query: QueryParam[] | undefined;
}

/** AWS's longest presigned lifetime (7 days). */
export const MAX_PRESIGNED_SECONDS = 604_800;

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function decodeComponent(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Splits a raw query string into decoded pairs; a key without `=` has the empty value. */
export function parseQuery(rawQuery: string): QueryParam[] {
  const params: QueryParam[] = [];
  if (rawQuery === '') return params;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    params.push({ key: decodeComponent(key), value: decodeComponent(value) });
  }
  return params;
}

function firstValue(params: QueryParam[], key: string): string | undefined {
  return params.find((p) => p.key === key)?.value;
}

function badDate(text: string) {
  return incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${text}'. See http://en.wikipedia.org/wiki/ISO_8601`);
}

function splitSignedHeaders(list: string): string[] {
  return list === '' ? [] : list.split(';').map((name) => name.trim().toLowerCase());
}

function fromAuthorizationHeader(authorization: string, headers: IncomingHttpHeaders): SignatureParts {
  const text = authorization.trim();
  const space = text.search(/\s/);
  const algorithm = space < 0 ? text : text.slice(0, space);
  const fields = new Map<string, string>();
  for (const token of (space < 0 ? '' : text.slice(space + 1)).split(/[,\s]+/)) {
    if (token === '') continue;
    const eq = token.indexOf('=');
    if (eq < 0) {
      throw incompleteSignature(
        `'${token}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
      );
    }
    fields.set(token.slice(0, eq), token.slice(eq + 1));
  }

  const amzDate = headerValue(headers, 'x-amz-date');
  const httpDate = amzDate === undefined ? headerValue(headers, 'date') : undefined;
  let missing = '';
  if (!fields.get('Credential')) missing += "Authorization header requires 'Credential' parameter. ";
  if (!fields.get('Signature')) missing += "Authorization header requires 'Signature' parameter. ";
  // An empty SignedHeaders is complete here; it fails later because Host is not signed.
  if (!fields.has('SignedHeaders')) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (amzDate === undefined && httpDate === undefined) {
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  if (missing !== '') throw incompleteSignature(`${missing}Authorization=${authorization}`);

  const timestamp = amzDate !== undefined ? parseAmzDate(amzDate) : parseHttpDate(httpDate!);
  if (!timestamp) throw badDate(amzDate ?? httpDate!);
  return {
    form: 'header',
    algorithm,
    credential: fields.get('Credential')!,
    signedHeaders: splitSignedHeaders(fields.get('SignedHeaders')!),
    signature: fields.get('Signature')!,
    timestamp,
    expiresSeconds: undefined,
    securityToken: headerValue(headers, 'x-amz-security-token'),
    query: undefined,
  };
}

const REQUIRED_QUERY_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'];

function fromQuery(query: QueryParam[], headers: IncomingHttpHeaders): SignatureParts {
  let missing = '';
  for (const name of REQUIRED_QUERY_PARAMS) {
    if (!firstValue(query, name)) missing += `AWS query-string parameters must include '${name}'. `;
  }
  if (missing !== '') throw incompleteSignature(`${missing}Re-examine the query-string parameters.`);

  const amzDate = firstValue(query, 'X-Amz-Date')!;
  const timestamp = parseAmzDate(amzDate);
  if (!timestamp) throw badDate(amzDate);

  const expiresText = firstValue(query, 'X-Amz-Expires');
  let expiresSeconds: number | undefined;
  if (expiresText !== undefined) {
    if (!/^\d+$/.test(expiresText)) throw incompleteSignature('X-Amz-Expires should be a number');
    expiresSeconds = Number(expiresText);
    if (expiresSeconds > MAX_PRESIGNED_SECONDS) {
      throw incompleteSignature(
        'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
      );
    }
  }
  return {
    form: 'query',
    algorithm: firstValue(query, 'X-Amz-Algorithm')!,
    credential: firstValue(query, 'X-Amz-Credential')!,
    signedHeaders: splitSignedHeaders(firstValue(query, 'X-Amz-SignedHeaders')!),
    signature: firstValue(query, 'X-Amz-Signature')!,
    timestamp,
    expiresSeconds,
    securityToken: firstValue(query, 'X-Amz-Security-Token') ?? headerValue(headers, 'x-amz-security-token'),
    query,
  };
}

/**
 * The SigV4 elements of a request. Throws MissingAuthenticationTokenException when there are none,
 * IncompleteSignatureException when some are missing or unreadable.
 */
export function extractSignatureParts(rawQuery: string, headers: IncomingHttpHeaders): SignatureParts {
  const authorization = headerValue(headers, 'authorization');
  // Parsing the query is skipped on the common path: a header-signed request without presigning parameters.
  const query = rawQuery.includes('X-Amz-Algorithm') ? parseQuery(rawQuery) : undefined;
  const presigned = query !== undefined && query.some((p) => p.key === 'X-Amz-Algorithm');
  const hasHeader = authorization !== undefined && authorization.trim() !== '';

  if (hasHeader && presigned) {
    throw invalidSignature("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }
  if (hasHeader) return fromAuthorizationHeader(authorization, headers);
  if (presigned) return fromQuery(query, headers);
  throw missingAuthenticationToken();
}
