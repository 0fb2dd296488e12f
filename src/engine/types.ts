/** Everything needed to run one function version. */
export interface FunctionSnapshot {
  /** Environments are reused only for the same envKey (it changes on code/config update). */
  envKey: string;
  accountId: string;
  region: string;
  functionName: string;
  /** Unqualified ARN. */
  functionArn: string;
  /** '$LATEST' or '1', '2', ... */
  version: string;
  /** 'nodejs20.x', 'python3.12', 'provided.al2023', ... */
  runtime?: string;
  handler?: string;
  /** Extracted code, read-only, mounted at /var/task. */
  codeDir: string;
  /** Extracted layers, merged in order under /opt (later ones win). */
  layerDirs: string[];
  /** Code or layers are live host folders (hot reload): mounted where they are, never linked into a pre-started sandbox. */
  liveCode?: boolean;
  memorySize: number;
  timeout: number;
  ephemeralStorage: number;
  environment: Record<string, string>;
  architectures: string[];
  logGroup: string;
  logFormat: 'Text' | 'JSON';
}

export interface InvokeParams {
  fn: FunctionSnapshot;
  payload: Buffer;
  requestId: string;
  clientContext?: string;
  cognitoIdentity?: string;
  traceId?: string;
  tailLogs: boolean;
  /** Set for streaming invokes: receives chunks as the runtime writes them, with the content type it declared. */
  onStreamChunk?: (chunk: Buffer, contentType?: string) => void;
  /** The ARN the caller used (qualified or not); defaults to the unqualified function ARN. */
  invokedFunctionArn?: string;
}

export interface InvokeResult {
  /** Function result or AWS-shaped error JSON. */
  payload: Buffer;
  functionError?: 'Unhandled' | 'Handled';
  /** Base64 of the last 4 KB of this invocation's log when tailLogs. */
  logTail?: string;
  /** For streaming responses: the error trailers, when the runtime sent them. */
  streamed?: { errorCode?: string; errorDetails?: string };
  /** Content type the runtime declared for its response, when it declared one. */
  contentType?: string;
  initDurationMs?: number;
  durationMs: number;
  /** Set when the platform, not the function's code, ended the invocation (REPORT's Status). */
  platformStatus?: 'timeout' | 'error';
  /** The error type the platform knows of (e.g. Runtime.ExitError, Function.ResponseSizeTooLarge). */
  platformErrorType?: string;
  /** The error type the runtime named for the function's own error (its Lambda-Runtime-Function-Error-Type header). */
  functionErrorType?: string;
}

import type { EngineObserver } from './observer.js';

export type SandboxMode = 'auto' | 'bwrap' | 'process';

export interface EngineOptions {
  /** Scratch lives under `${dataDir}/engine`, logs under `${dataDir}/logs`. */
  dataDir: string;
  /** Given to functions as AWS_ENDPOINT_URL_LAMBDA, e.g. http://127.0.0.1:9001 */
  lambkinEndpoint: string;
  credentialsFor(accountId: string): { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The repository's `runtimes/` dir (node/ and python/ inside). */
  runtimeDir: string;
  /** Override map: runtime id -> interpreter path. */
  runtimeExecutables?: Record<string, string>;
  /** Refuse a runtime whose exact version is not installed instead of running it on the nearest one. */
  strictRuntimes?: boolean;
  /** Where Node builds downloaded for Node runtimes are kept (default: node-builds/cache.ts runtimeCacheDir). */
  runtimeCacheDir?: string;
  /** The npm registry those builds come from (default: node-builds/registry.ts npmRegistry). */
  npmRegistry?: string;
  /** Idle environment reaping (default 5 min). */
  keepAliveMs?: number;
  /** In-flight invocations allowed per account (default: the AWS quota, src/quotas.ts). */
  accountConcurrencyLimit?: number;
  sandbox?: SandboxMode;
  /**
   * Generic sandboxes kept started ahead per runtime shape in use (interpreter, its start-up
   * environment and sandbox mounts), each taking the code of one never-seen environment; 0 keeps none.
   * Default DEFAULT_PRESTART. Only with the bwrap sandbox.
   */
  prestart?: number;
  /** Told of invocations, cold starts, throttles and environments; more can subscribe with Engine.observe. */
  observers?: EngineObserver[];
  /** Where degradation warnings go (default: console.warn). */
  warn?: (message: string) => void;
}
