/** Client-side signing for the auth tests: real @smithy/signature-v4 signatures, turned into AuthRequests. */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AuthRequest } from '../../../src/api/auth/index.js';

export const HOST = '127.0.0.1:9001';
export const SIGNED_AT = new Date('2026-11-21T09:30:00Z');
export const AMZ_DATE = '20261121T093000Z';

/** RFC 3986 encoding as the SDKs apply it to query values and path labels. */
export function strictEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function rawQueryOf(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => `${strictEncode(k)}=${strictEncode(v)}`)
    .join('&');
}

export interface ClientRequest {
  method?: string;
  /** The path as put on the wire (labels already percent-encoded). */
  path?: string;
  /** Decoded query values. */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

export interface SigningOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  region?: string;
  service?: string;
  signingDate?: Date;
  uriEscapePath?: boolean;
}

function signer(o: SigningOptions): SignatureV4 {
  return new SignatureV4({
    service: o.service ?? 'lambda',
    region: o.region ?? 'us-east-1',
    credentials: {
      accessKeyId: o.accessKeyId ?? 'AKIAEXAMPLE',
      secretAccessKey: o.secretAccessKey ?? 'secret-example',
      ...(o.sessionToken !== undefined ? { sessionToken: o.sessionToken } : {}),
    },
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: o.uriEscapePath ?? true,
    applyChecksum: false,
  });
}

function toHttpRequest(r: ClientRequest): HttpRequest {
  return new HttpRequest({
    method: r.method ?? 'GET',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 9001,
    path: r.path ?? '/2015-03-31/functions',
    query: { ...(r.query ?? {}) },
    headers: { host: HOST, ...(r.headers ?? {}) },
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
}

function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Signs like an SDK does (Authorization header) and returns what the server would receive. */
export async function signedRequest(r: ClientRequest = {}, o: SigningOptions = {}): Promise<AuthRequest> {
  const signed = await signer(o).sign(toHttpRequest(r), { signingDate: o.signingDate ?? SIGNED_AT });
  return {
    method: signed.method,
    rawPath: signed.path,
    rawQuery: rawQueryOf(signed.query as Record<string, string>),
    headers: lowerCaseHeaders(signed.headers),
    body: Buffer.from(r.body ?? ''),
  };
}

/** A presigned URL's request, with X-Amz-* parameters in the query. */
export async function presignedRequest(
  r: ClientRequest = {},
  o: SigningOptions & { expiresIn?: number } = {},
): Promise<AuthRequest> {
  const presigned = await signer(o).presign(toHttpRequest(r), {
    signingDate: o.signingDate ?? SIGNED_AT,
    expiresIn: o.expiresIn ?? 900,
  });
  return {
    method: presigned.method,
    rawPath: presigned.path,
    rawQuery: rawQueryOf(presigned.query as Record<string, string>),
    headers: lowerCaseHeaders(presigned.headers),
    body: Buffer.from(r.body ?? ''),
  };
}

/** An unsigned request carrying the given headers. */
export function plainRequest(headers: Record<string, string>, rawQuery = '', rawPath = '/2015-03-31/functions'): AuthRequest {
  return { method: 'GET', rawPath, rawQuery, headers: { host: HOST, ...headers }, body: Buffer.alloc(0) };
}
