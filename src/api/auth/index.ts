/**
 * Authentication of Lambda API requests (AWS SigV4, header or presigned query).
 *
 * The region of a request is the region of its credential scope: one endpoint answers for every region.
 * Default mode (no credentials file): any access key is accepted, the request only has to be well-formed
 * SigV4 scoped to a valid region and `lambda`; a 12-digit access key id selects that account. No crypto
 * runs, since Invoke passes through here.
 * Verified mode (credentials file): the key must be known, the signing time within AWS's window and the
 * signature must match the one recomputed from the raw request with the scope's region.
 */
import { randomBytes } from 'node:crypto';
import { checkCredentialScope, checkSigningTime } from './checks.js';
import { ACCOUNT_ID_PATTERN, loadCredentialsFile, type KeyRecord } from './credentials-file.js';
import { INVALID_SESSION_TOKEN_MESSAGE, unrecognizedClient } from './errors.js';
import { InternalKeys } from './internal-keys.js';
import { extractSignatureParts, headerValue } from './request-parts.js';
import type { AuthRequest, Authenticator, AuthenticatorOptions, Caller, KeyPair } from './types.js';
import { verifySignature } from './verify-signature.js';

export type { AuthRequest, Authenticator, AuthenticatorOptions, Caller, KeyPair } from './types.js';

function requireAccountId(accountId: string): void {
  if (!ACCOUNT_ID_PATTERN.test(accountId)) throw new Error(`Not a 12-digit account id: ${accountId}`);
}

function checkSessionToken(key: KeyRecord, token: string | undefined): void {
  if (key.anySessionToken || token === key.sessionToken) return;
  throw unrecognizedClient(INVALID_SESSION_TOKEN_MESSAGE);
}

/** Header-signed requests whose caller a default-mode node remembers (a client reusing its signature). */
const REMEMBERED_HEADERS = 256;

function defaultModeAuthenticator(options: AuthenticatorOptions): Authenticator {
  requireAccountId(options.defaultAccountId);
  // Never checked in this mode; functions only need something to sign with.
  const placeholderSecret = randomBytes(30).toString('base64');
  // In this mode the caller follows from the Authorization header and the signing time alone: the same
  // pair, seen again, is the same well-formed request and the same caller. Refusals are not kept.
  const remembered = new Map<string, Caller>();
  const callerOf = (req: AuthRequest): Caller => {
    const parts = extractSignatureParts(req.rawQuery, req.headers);
    const { accessKeyId, region } = checkCredentialScope(parts, req.service);
    if (accessKeyId === '') throw unrecognizedClient();
    const accountId = ACCOUNT_ID_PATTERN.test(accessKeyId) ? accessKeyId : options.defaultAccountId;
    return Object.freeze({ accountId, accessKeyId, region });
  };
  return {
    verifying: false,
    async authenticate(req: AuthRequest): Promise<Caller> {
      const { authorization } = req.headers;
      if (typeof authorization !== 'string' || req.rawQuery.includes('X-Amz-Algorithm')) return callerOf(req);
      const key = `${authorization}\n${headerValue(req.headers, 'x-amz-date') ?? `\n${headerValue(req.headers, 'date')}`}`;
      let caller = remembered.get(key);
      if (!caller) {
        caller = callerOf(req);
        if (remembered.size >= REMEMBERED_HEADERS) remembered.clear();
        remembered.set(key, caller);
      }
      return caller;
    },
    credentialsForAccount(accountId: string): KeyPair {
      requireAccountId(accountId);
      return { accessKeyId: accountId, secretAccessKey: placeholderSecret };
    },
  };
}

function verifyingAuthenticator(options: AuthenticatorOptions, credentialsFile: string): Authenticator {
  requireAccountId(options.defaultAccountId);
  const fileKeys = loadCredentialsFile(credentialsFile, options.defaultAccountId);
  const internalKeys = new InternalKeys();
  const now = options.now ?? (() => new Date());

  async function authenticate(req: AuthRequest): Promise<Caller> {
    const parts = extractSignatureParts(req.rawQuery, req.headers);
    checkSigningTime(parts, now());
    const { accessKeyId, region } = checkCredentialScope(parts, req.service);
    const key = fileKeys.get(accessKeyId) ?? internalKeys.lookup(accessKeyId);
    if (!key) throw unrecognizedClient();
    await verifySignature(req, parts, accessKeyId, key.secretAccessKey, region, req.service);
    checkSessionToken(key, parts.securityToken);
    return { accountId: key.accountId, accessKeyId, region };
  }

  return {
    verifying: true,
    authenticate,
    credentialsForAccount(accountId: string): KeyPair {
      requireAccountId(accountId);
      return { ...internalKeys.forAccount(accountId) };
    },
  };
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  return options.credentialsFile ? verifyingAuthenticator(options, options.credentialsFile) : defaultModeAuthenticator(options);
}
