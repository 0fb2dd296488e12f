/** What Lambkin stores for a function's concurrency: its reservation and its provisioned configs. */

/** Reserved concurrency: key = function name. */
export const RESERVED_CONCURRENCY_KIND = 'function-concurrency';
/** Provisioned concurrency configs: key `${function}:${qualifier}`, parent = function name. */
export const PROVISIONED_CONCURRENCY_KIND = 'provisioned-concurrency';

export interface ReservedConcurrencyDoc { reserved: number }

export interface ProvisionedConcurrencyDoc {
  /** A published version number or an alias name. */
  qualifier: string;
  requested: number;
  /** AWS's format for this API: 2019-12-31T20:28:49+0000 (no milliseconds). */
  lastModified: string;
}

/** The part of the account's concurrency AWS keeps unreserved whatever is reserved. */
export const MINIMUM_UNRESERVED_CONCURRENCY = 100;

export function provisionedKey(functionName: string, qualifier: string): string {
  return `${functionName}:${qualifier}`;
}

export function isVersionQualifier(qualifier: string): boolean {
  return /^[0-9]+$/.test(qualifier);
}

export function provisionedTimestamp(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, '+0000');
}
