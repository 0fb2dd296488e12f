/**
 * Whose console request this is, read as the internal log endpoint reads it: with a credentials file the
 * request must be signed and the signer's account and scope region are the ones shown; without one a
 * signed request names its account as the Lambda API would (a 12-digit key) and an unsigned one is the
 * default account in the default region.
 */
import type { IncomingMessage } from 'node:http';
import type { Authenticator } from '../api/auth/index.js';
import type { Scope } from '../store/types.js';

export interface CallerDeps { auth: Authenticator; config: { accountId: string; region: string } }

function split(url: string): { rawPath: string; rawQuery: string } {
  const q = url.indexOf('?');
  return q < 0 ? { rawPath: url, rawQuery: '' } : { rawPath: url.slice(0, q), rawQuery: url.slice(q + 1) };
}

export async function consoleScope(deps: CallerDeps, req: IncomingMessage, body: Buffer = Buffer.alloc(0)): Promise<Scope> {
  const { rawPath, rawQuery } = split(req.url ?? '/');
  const signed = typeof req.headers.authorization === 'string' || rawQuery.includes('X-Amz-Algorithm');
  if (!deps.auth.verifying && !signed) return { accountId: deps.config.accountId, region: deps.config.region };
  const caller = await deps.auth.authenticate({ method: req.method ?? 'GET', rawPath, rawQuery, headers: req.headers, body });
  return { accountId: caller.accountId, region: caller.region };
}
