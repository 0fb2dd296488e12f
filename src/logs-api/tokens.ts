/**
 * Pagination tokens. GetLogEvents' tokens have AWS's shape (`f/` or `b/` and 56 digits), here a position
 * in the stream's matching events. The others are opaque: base64url JSON of where the next page starts.
 */
import { invalidToken } from './errors.js';

export type Direction = 'f' | 'b';

export function streamToken(direction: Direction, position: number): string {
  return `${direction}/${String(position).padStart(56, '0')}`;
}

export function parseStreamToken(token: string): { direction: Direction; position: number } {
  const m = /^([fb])\/(\d{56})$/.exec(token);
  if (!m) throw invalidToken();
  return { direction: m[1] as Direction, position: Number(m[2]) };
}

export function opaqueToken(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The token's fields, each checked by `check`; anything else is AWS's invalid-token error. */
export function parseOpaqueToken<T>(token: string, check: (value: Record<string, unknown>) => value is Record<string, unknown> & T): T {
  let value: unknown;
  try { value = JSON.parse(Buffer.from(token, 'base64url').toString()); } catch { throw invalidToken(); }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !check(value as Record<string, unknown>)) throw invalidToken();
  return value as T;
}
