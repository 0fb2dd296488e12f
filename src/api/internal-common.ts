/** What Lambkin's own endpoints share: who signed the request (as a Lambda request is), errors on the wire. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './auth/index.js';
import type { LambdaError } from '../errors/base.js';
import { InvalidParameterValueException } from '../errors/catalogue.js';
import { ACCOUNT_ID_PATTERN } from '../safe-path.js';
import { encodeError } from './encode.js';

/** The signer's account; throws AWS's authentication errors for a missing or bad signature. */
export async function signerAccount(auth: Authenticator, req: IncomingMessage, body: Buffer = Buffer.alloc(0)): Promise<string> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const caller = await auth.authenticate({
    method: req.method ?? 'GET', rawPath: q < 0 ? url : url.slice(0, q), rawQuery: q < 0 ? '' : url.slice(q + 1),
    headers: req.headers, body,
  });
  return caller.accountId;
}

/** A catalogue error in AWS's wire format. */
export function sendError(res: ServerResponse, err: LambdaError): void {
  const wire = encodeError(err);
  res.writeHead(wire.status, wire.headers);
  res.end(wire.body as Buffer);
}

/** An account named by a query becomes a path: 12 digits or a 400. */
export function checkAccountParam(accountId: string): string {
  if (!ACCOUNT_ID_PATTERN.test(accountId)) {
    throw new InvalidParameterValueException(`Invalid account: ${JSON.stringify(accountId)}. An account is 12 digits, e.g. 123456789012.`);
  }
  return accountId;
}

/**
 * The one account a status read may show: with a credentials file the signer's own; without one, the
 * account `?account=` names, or undefined for every account.
 */
export async function viewedAccount(auth: Authenticator, req: IncomingMessage, query: URLSearchParams): Promise<string | undefined> {
  if (auth.verifying) return signerAccount(auth, req);
  const account = query.get('account');
  return account === null ? undefined : checkAccountParam(account);
}
