/** Deploying real functions into a test server and invoking them through the JS SDK or the raw wire. */
import { CreateFunctionCommand, InvokeCommand, type InvokeCommandInput, type LambdaClient, type Runtime } from '@aws-sdk/client-lambda';
import { rawRequest, type RawResponse } from '../../support/raw-request.js';
import { EVENTUALLY_MS } from '../../support/timing.js';
import { makeZip } from '../../support/zip.js';

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
export const ACCOUNT = '000000000000';

export type Files = Parameters<typeof makeZip>[0];

export interface DeployOptions {
  runtime?: string;
  handler?: string;
  timeout?: number;
  memorySize?: number;
  environment?: Record<string, string>;
}

/** Creates a function from in-memory files; a `bootstrap` file is made executable. */
export async function deploy(client: LambdaClient, name: string, files: Files, options: DeployOptions = {}): Promise<void> {
  const withModes: Files = {};
  for (const [path, content] of Object.entries(files)) {
    withModes[path] = path === 'bootstrap' && (typeof content === 'string' || Buffer.isBuffer(content))
      ? { data: content, mode: 0o755 }
      : content;
  }
  await client.send(new CreateFunctionCommand({
    FunctionName: name,
    Runtime: (options.runtime ?? 'nodejs20.x') as Runtime,
    Handler: options.handler ?? 'index.handler',
    Role: ROLE,
    Code: { ZipFile: await makeZip(withModes) },
    ...(options.timeout ? { Timeout: options.timeout } : {}),
    ...(options.memorySize ? { MemorySize: options.memorySize } : {}),
    ...(options.environment ? { Environment: { Variables: options.environment } } : {}),
  }));
}

export interface Invoked {
  status: number | undefined;
  text: string;
  functionError: string | undefined;
  executedVersion: string | undefined;
  log: string | undefined;
  json<T = unknown>(): T;
}

export async function invoke(client: LambdaClient, name: string, event: unknown = {}, extra: Partial<InvokeCommandInput> = {}): Promise<Invoked> {
  const out = await client.send(new InvokeCommand({
    FunctionName: name,
    Payload: Buffer.from(JSON.stringify(event)),
    ...extra,
  }));
  const text = Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');
  return {
    status: out.StatusCode,
    text,
    functionError: out.FunctionError,
    executedVersion: out.ExecutedVersion,
    log: out.LogResult === undefined ? undefined : Buffer.from(out.LogResult, 'base64').toString('utf8'),
    json: <T>() => JSON.parse(text) as T,
  };
}

export type { RawResponse } from '../../support/raw-request.js';

/** A SigV4-signed request exactly as given, for asserting status, headers and body bytes on the wire. */
export function signedRequest(
  baseUrl: string,
  r: { method: string; path: string; body?: Buffer | string; headers?: Record<string, string> },
): Promise<RawResponse> {
  return rawRequest(baseUrl, r);
}

/** The function's log as `lambkin logs` serves it: one event per line. */
export async function functionLog(baseUrl: string, name: string): Promise<Array<{ logStreamName: string; timestamp: number; message: string }>> {
  const res = await fetch(new URL(`/_lambkin/logs/${name}`, baseUrl));
  const text = await res.text();
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { logStreamName: string; timestamp: number; message: string });
}

/** Polls until `check` returns a value (or fails after `ms`); for effects of Event invocations. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = EVENTUALLY_MS): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The real interpreter binary behind a pyenv version (the PATH shims do not work in a sandbox). */
export const PYTHON312 = '/root/.pyenv/versions/3.12.1/bin/python3.12';
