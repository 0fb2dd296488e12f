import type { IncomingHttpHeaders } from 'node:http';

/** Who made an authenticated request. */
export interface Caller {
  accountId: string;
  accessKeyId: string;
  /** The region of the credential scope: where the request's resources live. */
  region: string;
}

/** A request as it came off the socket; nothing decoded or normalised, since the signature covers the raw form. */
export interface AuthRequest {
  /** 'GET', 'POST', ... */
  method: string;
  /** Path exactly as received, without the query string. */
  rawPath: string;
  /** Query string as received, without '?'; '' if none. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  /** The complete raw body (empty for none). */
  body: Buffer;
  /** The signing name the answering surface expects in the credential scope (default `lambda`). */
  service?: string;
}

export interface KeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface Authenticator {
  /** Resolves to the caller, or rejects with a LambdaError carrying AWS's status, code and message. */
  authenticate(req: AuthRequest): Promise<Caller>;
  /** A key pair that `authenticate` accepts as `accountId`; what functions running in Lambkin sign with. */
  credentialsForAccount(accountId: string): KeyPair;
  /** True when signatures are checked against a credentials file. */
  readonly verifying: boolean;
}

export interface AuthenticatorOptions {
  defaultAccountId: string;
  /** JSON file of access keys; when given, every signature is verified. */
  credentialsFile?: string;
  /** The server clock, replaceable in tests. */
  now?: () => Date;
}
