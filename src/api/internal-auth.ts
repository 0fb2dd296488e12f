/** Who signed a request to one of Lambkin's own endpoints (they are signed as Lambda requests are). */
import type { IncomingMessage } from 'node:http';
import type { Authenticator } from './auth/index.js';

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
