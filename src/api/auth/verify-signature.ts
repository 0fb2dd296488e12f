/**
 * Recomputes a request's SigV4 signature with @smithy/signature-v4 and compares it in constant time.
 *
 * The canonical request is built from the request exactly as received: the raw path, the query as sent, the
 * headers the client listed in SignedHeaders and the SHA-256 of the raw body bytes (Lambda clients do not
 * send x-amz-content-sha256, and a value that disagrees with the body must not be trusted).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest, type HeaderBag } from '@smithy/protocol-http';
import { ALGORITHM_IDENTIFIER, SignatureV4, createScope, getCanonicalHeaders } from '@smithy/signature-v4';
import { formatAmzDate, formatScopeDate } from './amz-date.js';
import { SIGNING_SERVICE } from './checks.js';
import { incompleteSignature, signatureMismatch } from './errors.js';
import { headerValue, parseQuery, type SignatureParts } from './request-parts.js';
import type { AuthRequest } from './types.js';

interface Computed {
  signature: string;
  canonicalRequest: string;
  stringToSign: string;
}

const sha256 = Hash.bind(null, 'sha256');

/** Exposes the signer's canonical-request steps so the inputs are exactly what the client signed. */
class CanonicalSigner extends SignatureV4 {
  async compute(
    request: HttpRequest,
    canonicalHeaders: HeaderBag,
    payloadHash: string,
    signingDate: Date,
    region: string,
    service: string,
  ): Promise<Computed> {
    const scope = createScope(formatScopeDate(signingDate), region, service);
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    const stringToSign = await this.createStringToSign(formatAmzDate(signingDate), scope, canonicalRequest, ALGORITHM_IDENTIFIER);
    const signature = await this.sign(stringToSign, { signingDate, signingRegion: region, signingService: service });
    return { signature, canonicalRequest, stringToSign };
  }
}

function sameSignature(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'latin1');
  const b = Buffer.from(provided, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
}

function signedHeaderValues(req: AuthRequest, signedHeaders: string[]): HeaderBag {
  const selected: HeaderBag = {};
  for (const name of signedHeaders) {
    const value = name === ':authority' ? headerValue(req.headers, 'host') : headerValue(req.headers, name);
    if (value === undefined) {
      throw incompleteSignature(`'${name}' is named as a SignedHeader, but it does not exist in the HTTP request.`);
    }
    selected[name] = value;
  }
  return selected;
}

function queryRecord(parts: SignatureParts, rawQuery: string): Record<string, string | string[]> {
  const grouped = new Map<string, string[]>();
  for (const { key, value } of parts.query ?? parseQuery(rawQuery)) {
    const values = grouped.get(key);
    if (values) values.push(value);
    else grouped.set(key, [value]);
  }
  // fromEntries defines own properties, so a key such as `__proto__` stays an ordinary parameter.
  return Object.fromEntries([...grouped].map(([key, values]) => [key, values.length === 1 ? values[0]! : values]));
}

/**
 * Throws InvalidSignatureException unless the request was signed with `secretAccessKey`.
 * SDKs URI-encode the already-encoded path once more for every service but S3, so that form is tried first;
 * a signer that used the path as sent is accepted too.
 */
export async function verifySignature(
  req: AuthRequest,
  parts: SignatureParts,
  accessKeyId: string,
  secretAccessKey: string,
  region: string,
  service = SIGNING_SERVICE,
): Promise<void> {
  const request = new HttpRequest({
    method: req.method.toUpperCase(),
    path: req.rawPath,
    query: queryRecord(parts, req.rawQuery),
    headers: signedHeaderValues(req, parts.signedHeaders),
  });
  const canonicalHeaders = getCanonicalHeaders(request, undefined, new Set(parts.signedHeaders));
  const payloadHash = createHash('sha256').update(req.body).digest('hex');

  let first: Computed | undefined;
  for (const uriEscapePath of [true, false]) {
    const signer = new CanonicalSigner({
      service,
      region,
      credentials: { accessKeyId, secretAccessKey },
      sha256,
      uriEscapePath,
      applyChecksum: false,
    });
    const computed = await signer.compute(request, canonicalHeaders, payloadHash, parts.timestamp, region, service);
    if (sameSignature(computed.signature, parts.signature)) return;
    first ??= computed;
  }
  throw signatureMismatch(first!.canonicalRequest, first!.stringToSign);
}
