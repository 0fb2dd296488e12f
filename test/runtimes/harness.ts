// Runs real function code through the real engine with Lambkin's runtime clients.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../src/engine/index.js';
import type { FunctionSnapshot, InvokeResult } from '../../src/engine/types.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Harness {
  engine: Engine;
  root: string;
  close(): Promise<void>;
}

export function startHarness(): Harness {
  const root = mkdtempSync(join(tmpdir(), 'lambkin-runtimes-'));
  const engine = new Engine({
    dataDir: join(root, 'data'),
    lambkinEndpoint: 'http://127.0.0.1:9001',
    credentialsFor: () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }),
    runtimeDir: join(REPO_ROOT, 'runtimes'),
    warn: () => {},
  });
  return {
    engine,
    root,
    async close() {
      await engine.shutdown();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Writes `files` (relative path → content) into a fresh code directory. */
export function writeCode(harness: Harness, files: Record<string, string>): string {
  const dir = mkdtempSync(join(harness.root, 'code-'));
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content, { mode: path === 'bootstrap' ? 0o755 : 0o644 });
  }
  return dir;
}

export function snapshot(codeDir: string, runtime: string, handler: string, extra: Partial<FunctionSnapshot> = {}): FunctionSnapshot {
  const functionName = `fn-${randomUUID().slice(0, 8)}`;
  return {
    envKey: randomUUID(),
    accountId: '000000000000',
    region: 'us-east-1',
    functionName,
    functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    version: '$LATEST',
    runtime,
    handler,
    codeDir,
    layerDirs: [],
    memorySize: 256,
    timeout: 10,
    ephemeralStorage: 512,
    environment: {},
    architectures: ['x86_64'],
    logGroup: `/aws/lambda/${functionName}`,
    logFormat: 'Text',
    ...extra,
  };
}

export interface Invocation {
  requestId: string;
  result: InvokeResult;
  /** The payload parsed as JSON. */
  body: unknown;
  /** The invocation's log tail, decoded. */
  logs: string;
  chunks: Buffer[];
}

export async function invoke(
  harness: Harness,
  fn: FunctionSnapshot,
  event: unknown = {},
  options: { streaming?: boolean; clientContext?: string; cognitoIdentity?: string } = {},
): Promise<Invocation> {
  const requestId = randomUUID();
  const chunks: Buffer[] = [];
  const result = await harness.engine.invoke({
    fn,
    payload: Buffer.from(JSON.stringify(event)),
    requestId,
    tailLogs: true,
    clientContext: options.clientContext,
    cognitoIdentity: options.cognitoIdentity,
    ...(options.streaming ? { onStreamChunk: (chunk: Buffer) => chunks.push(Buffer.from(chunk)) } : {}),
  });
  const text = result.payload.toString('utf8');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // streamed or non-JSON payloads stay text
  }
  const logs = result.logTail ? Buffer.from(result.logTail, 'base64').toString('utf8') : '';
  return { requestId, result, body, logs, chunks };
}

/** The log lines of one invocation, without the platform's START/END/REPORT lines. */
export function functionLogLines(logs: string): string[] {
  return logs
    .split('\n')
    .filter((line) => line !== '' && !/^(START|END|REPORT|INIT_START) /.test(line));
}

export const ISO_TIME = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';
