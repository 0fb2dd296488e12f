/**
 * Paths built from values a request supplied (account ids, regions, names): each value is checked
 * against what it may be, and the joined path must stay under its root, so no value reaches another
 * account's, another function's or another server's files.
 */
import { resolve, sep } from 'node:path';

/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** An AWS region name, as the model's ARN patterns spell it: us-east-1, us-gov-west-1, eusc-de-east-1. */
export const REGION_PATTERN = /^(?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d$/;
/** An unqualified function name (the name part of the model's FunctionName pattern, at most 64). */
export const FUNCTION_NAME_PATTERN = /^[a-zA-Z0-9-_]{1,64}$/;

/** A value that would make a path leave its root, or is not what its position in the path may hold. */
export class UnsafePathError extends Error {}

/**
 * `root/segments…`, resolved, refused unless it is inside `root`. Segments are single names: one that
 * holds a separator, is empty or is `.`/`..` is refused too, so the check does not depend on joining.
 */
export function pathInside(root: string, ...segments: string[]): string {
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || segment.includes('/') || segment.includes('\\') || segment.includes('\0')) {
      throw new UnsafePathError(`not a single path segment: ${JSON.stringify(segment)}`);
    }
  }
  const base = resolve(root);
  const path = resolve(base, ...segments);
  if (path !== base && !path.startsWith(base + sep)) throw new UnsafePathError(`${JSON.stringify(segments.join('/'))} leaves ${base}`);
  return path;
}

/**
 * Any string as one file name: percent-encoded (no separators), and a name of dots only (`.`, `..`)
 * spelled `%2E…`, which is how encodeURIComponent would have to spell it to stay a plain name.
 */
export function nameSegment(value: string): string {
  const encoded = encodeURIComponent(value);
  return /^\.*$/.test(encoded) ? encoded.replace(/\./g, '%2E') || '%' : encoded;
}

export function checkAccountId(accountId: string): string {
  if (!ACCOUNT_ID_PATTERN.test(accountId)) throw new UnsafePathError(`not a 12-digit account id: ${JSON.stringify(accountId)}`);
  return accountId;
}

export function checkRegion(region: string): string {
  if (!REGION_PATTERN.test(region)) throw new UnsafePathError(`not an AWS region name: ${JSON.stringify(region)}`);
  return region;
}
