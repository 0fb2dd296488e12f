/**
 * Checks on what the SigV4 elements say, in the order AWS applies them: signing time, Host signed,
 * algorithm, credential shape, then the credential scope (region, service, terminator, date).
 */
import { formatAmzDate, formatScopeDate, formatWindow } from './amz-date.js';
import { incompleteSignature, invalidSignature } from './errors.js';
import type { SignatureParts } from './request-parts.js';

export const SIGNING_SERVICE = 'lambda';
export const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
/**
 * A region name as Lambda's ARN patterns spell it (us-east-1, us-gov-west-1, eusc-de-east-1). The region
 * of a request becomes part of its resources' scope and of paths on disk, so nothing else passes.
 */
const REGION_NAME = /^(?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/;
/** Lambda accepts a signing time up to 5 minutes from its own clock, either way. */
export const ALLOWED_SKEW_SECONDS = 300;

/**
 * A header signature is valid for 5 minutes either side of the server's clock; a presigned URL from its
 * X-Amz-Date until X-Amz-Expires seconds later (never more than 5 minutes early).
 */
export function checkSigningTime(parts: SignatureParts, now: Date): void {
  const signedAt = parts.timestamp.getTime();
  const lifetime = parts.form === 'query' && parts.expiresSeconds !== undefined ? parts.expiresSeconds : ALLOWED_SKEW_SECONDS;
  const earliest = new Date(now.getTime() - lifetime * 1000);
  if (signedAt < earliest.getTime()) {
    throw invalidSignature(
      `Signature expired: ${formatAmzDate(parts.timestamp)} is now earlier than ${formatAmzDate(earliest)} ` +
        `(${formatAmzDate(now)} - ${formatWindow(lifetime)}.)`,
    );
  }
  const latest = new Date(now.getTime() + ALLOWED_SKEW_SECONDS * 1000);
  if (signedAt > latest.getTime()) {
    throw invalidSignature(
      `Signature not yet current: ${formatAmzDate(parts.timestamp)} is still later than ${formatAmzDate(latest)} ` +
        `(${formatAmzDate(now)} + ${formatWindow(ALLOWED_SKEW_SECONDS)}.)`,
    );
  }
}

/** Who signed, and for which region: the region a request's resources live in. */
export interface CredentialScope {
  accessKeyId: string;
  region: string;
}

/**
 * Host, algorithm, credential and scope checks. Any well-formed region is accepted: one endpoint serves
 * them all, as AWS's regional endpoints together do.
 */
export function checkCredentialScope(parts: SignatureParts, expectedService = SIGNING_SERVICE): CredentialScope {
  if (!parts.signedHeaders.includes('host') && !parts.signedHeaders.includes(':authority')) {
    throw invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  if (parts.algorithm !== ALGORITHM) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${parts.algorithm}' (only ${ALGORITHM} for now). `);
  }
  // AWS ignores trailing slashes after the terminator.
  const elements = parts.credential.replace(/\/+$/, '').split('/');
  if (elements.length !== 5) {
    throw incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parts.credential}'`,
    );
  }
  const [accessKeyId, date, scopeRegion, service, terminator] = elements as [string, string, string, string, string];

  // AWS reports every scope mismatch at once, each sentence followed by a space.
  let problems = '';
  if (!REGION_NAME.test(scopeRegion)) problems += `Credential should be scoped to a valid region, not '${scopeRegion}'. `;
  if (service !== expectedService) problems += `Credential should be scoped to correct service: '${expectedService}'. `;
  if (terminator !== TERMINATOR) {
    problems += `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'. `;
  }
  const expectedDate = formatScopeDate(parts.timestamp);
  if (date !== expectedDate) {
    problems +=
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
      `'${date}' != '${expectedDate}', from '${formatAmzDate(parts.timestamp)}'. `;
  }
  if (problems !== '') throw invalidSignature(problems);
  return { accessKeyId, region: scopeRegion };
}
