/** Types of `lambkin`'s programmatic API (lib/index.mjs). */
import type { LambdaClient, LambdaClientConfig } from '@aws-sdk/client-lambda';

export interface StartOptions {
  /** Region the server answers for by default (default us-east-1). */
  region?: string;
  /** The default account, for unsigned calls and calls signed by a non-numeric key id (default 000000000000). */
  accountId?: string;
  /** Keep state here instead of a fresh temporary dir; a dir given here is left in place by stop(). */
  dataDir?: string;
  /** More `lambkin serve` flags, e.g. ['--credentials', 'creds.json', '--keep-alive', '30']. */
  args?: string[];
  /** Laid over this process's environment for the server; a variable set to undefined is removed. */
  env?: Record<string, string | undefined>;
}

/** What POST /_lambkin/reset answers. */
export interface ResetSummary {
  /** The account reset, or "all". */
  reset: string;
  /** Documents removed, by kind. */
  removed: Record<string, number>;
  codeBlobsRemoved: number;
}

export interface ResetOptions {
  /** Reset only this account (12 digits); without it every account is reset. */
  accountId?: string;
  /** For a server started with --credentials: the key that signs the reset (it may reset only its own account). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface Lambkin {
  /** Base URL of the Lambda API, e.g. http://127.0.0.1:40123. */
  readonly endpoint: string;
  readonly port: number;
  readonly region: string;
  readonly accountId: string;
  readonly dataDir: string;
  /** Everything the server has printed so far (stdout and stderr). */
  output(): string;
  /**
   * A LambdaClient for this server (needs @aws-sdk/client-lambda installed). `config` is laid over
   * { endpoint, region, credentials: AKIDEXAMPLE/secret }; a 12-digit access key id selects that account.
   * stop() destroys the clients it made.
   */
  client(config?: Partial<LambdaClientConfig>): LambdaClient;
  /** Empties the server (or one account): functions, layers, queued events, logs, environments. */
  reset(options?: ResetOptions): Promise<ResetSummary>;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its temporary data dir; resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A refusal from the server: `name` is AWS's error type, e.g. InvalidParameterValueException. */
export declare class LambkinError extends Error {
  readonly statusCode: number;
  constructor(name: string, message: string, statusCode: number);
}

/** Starts a Lambkin server on an ephemeral port of 127.0.0.1 and resolves once it listens. */
export declare function startLambkin(options?: StartOptions): Promise<Lambkin>;
