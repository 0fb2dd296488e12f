/**
 * POST /_lambkin/reset[?account=123456789012] — empties the server (or one account) for the next test.
 * AWS has no such endpoint. Without a credentials file anyone may reset anything, as anyone may call the
 * API; with one the request must be signed, and a signer resets only its own account.
 */
import type { IncomingMessage } from 'node:http';
import type { Authenticator } from './auth/index.js';
import { AccessDeniedException } from '../errors/catalogue.js';
import { resetState, type ResetDeps, type ResetSummary } from '../control/reset.js';
import { checkAccountParam, signerAccount } from './internal-common.js';

/** The account to reset, or undefined for every account. */
async function accountToReset(auth: Authenticator, req: IncomingMessage, query: URLSearchParams): Promise<string | undefined> {
  const named = query.get('account') ?? undefined;
  if (named !== undefined) checkAccountParam(named);
  if (!auth.verifying) return named;
  const signer = await signerAccount(auth, req);
  if (named !== undefined && named !== signer) {
    throw new AccessDeniedException(`Account ${signer} may reset only its own account, not ${named}.`);
  }
  return signer;
}

export async function serveReset(deps: ResetDeps & { auth: Authenticator }, req: IncomingMessage, query: URLSearchParams): Promise<ResetSummary> {
  const account = await accountToReset(deps.auth, req, query);
  return resetState(deps, account);
}
