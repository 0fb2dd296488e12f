import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { Engine } from '../../src/engine/index.js';
import type { EngineOptions, FunctionSnapshot, InvokeResult } from '../../src/engine/types.js';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');

export interface Harness {
  engine: Engine;
  dataDir: string;
  root: string;
  /** A provided.al2023 function whose bootstrap is the test runtime in fixtures/. */
  fn(name: string, overrides?: Partial<FunctionSnapshot>): FunctionSnapshot;
  /** A function with the given files as its code. */
  codeFn(name: string, files: Record<string, string>, overrides?: Partial<FunctionSnapshot>): FunctionSnapshot;
  invoke(fn: FunctionSnapshot, event: unknown, extra?: { tailLogs?: boolean }): Promise<InvokeResult & { requestId: string }>;
  close(): Promise<void>;
}

export async function harness(options: Partial<EngineOptions> = {}): Promise<Harness> {
  const root = mkdtempSync(join(tmpdir(), 'lambkin-engine-'));
  const dataDir = join(root, 'data');
  const warnings: string[] = [];
  const engine = new Engine({
    dataDir,
    lambkinEndpoint: 'http://127.0.0.1:9001',
    credentialsFor: () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-test' }),
    runtimeDir: join(repoRoot, 'runtimes'),
    warn: (m) => warnings.push(m),
    ...options,
  });
  await engine.start();
  let counter = 0;
  const snapshot = (name: string, codeDir: string, overrides: Partial<FunctionSnapshot>): FunctionSnapshot => ({
    envKey: `${name}-${++counter}`,
    accountId: '000000000000',
    region: 'us-east-1',
    functionName: name,
    functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    version: '$LATEST',
    runtime: 'provided.al2023',
    handler: 'function.handler',
    codeDir,
    layerDirs: [],
    memorySize: 128,
    timeout: 3,
    ephemeralStorage: 512,
    environment: {},
    architectures: ['x86_64'],
    logGroup: `/aws/lambda/${name}`,
    logFormat: 'Text',
    ...overrides,
  });
  const h: Harness = {
    engine,
    dataDir,
    root,
    fn(name, overrides = {}) {
      const codeDir = join(root, 'code', `${name}-${counter + 1}`);
      mkdirSync(codeDir, { recursive: true });
      copyFileSync(join(here, 'fixtures', 'provided-bootstrap.mjs'), join(codeDir, 'bootstrap'));
      chmodSync(join(codeDir, 'bootstrap'), 0o755);
      return snapshot(name, codeDir, overrides);
    },
    codeFn(name, files, overrides = {}) {
      const codeDir = join(root, 'code', `${name}-${counter + 1}`);
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(dirname(join(codeDir, file)), { recursive: true });
        writeFileSync(join(codeDir, file), text, { mode: 0o755 });
      }
      return snapshot(name, codeDir, overrides);
    },
    async invoke(fn, event, extra = {}) {
      const requestId = randomUUID();
      const result = await engine.invoke({
        fn,
        payload: Buffer.from(JSON.stringify(event)),
        requestId,
        tailLogs: extra.tailLogs ?? false,
      });
      return { ...result, requestId };
    },
    async close() {
      await engine.shutdown();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return h;
}

export function json(result: InvokeResult): any {
  return JSON.parse(result.payload.toString());
}
