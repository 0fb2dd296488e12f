/**
 * Starts a real Lambkin (the CLI, as a child process) on an ephemeral port with a temporary data dir,
 * and always stops it. Tests talk to it only through real clients.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { LambdaClient } from '@aws-sdk/client-lambda';

const BIN = new URL('../../bin/lambkin.mjs', import.meta.url).pathname;

// The SDK warns once per process that its 2027 releases need Node 22; that is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  output: () => string;
  /** A JS SDK client; a 12-digit access key id selects that account. */
  client(accessKeyId?: string, secretAccessKey?: string): LambdaClient;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  restart(): Promise<void>;
}

/** `env` is laid over the test's own environment; a variable set to undefined is removed from it. */
export interface ServerOptions { args?: string[]; env?: Record<string, string | undefined>; dataDir?: string }

function launch(dataDir: string, options: ServerOptions): Promise<{ child: ChildProcess; url: string; log: string[] }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])], {
    env: Object.fromEntries(Object.entries({ ...process.env, ...options.env }).filter(([, v]) => v !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log.push(chunk.toString());
      const m = /listening on (http:\/\/\S+)/.exec(log.join(''));
      if (m) resolve({ child, url: m[1]!, log });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => log.push(c.toString()));
    child.once('exit', (code) => reject(new Error(`lambkin exited with ${code} before listening:\n${log.join('')}`)));
  });
}

export async function startLambkin(options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'lambkin-test-'));
  let current = await launch(dataDir, options);
  const clients: LambdaClient[] = [];
  const stopChild = (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    const child = current.child;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
    return new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill(signal);
    });
  };
  const server: TestServer = {
    get url() { return current.url; },
    get port() { return Number(new URL(current.url).port); },
    dataDir,
    output: () => current.log.join(''),
    client(accessKeyId = 'AKIDEXAMPLE', secretAccessKey = 'secret') {
      const client = new LambdaClient({
        endpoint: current.url, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    stop: stopChild,
    async restart() {
      await stopChild();
      current = await launch(dataDir, options);
    },
  };
  after(async () => {
    for (const c of clients) c.destroy();
    // A clean stop lets the server remove its environments' cgroups; a stuck one is killed.
    const killer = setTimeout(() => current.child.kill('SIGKILL'), 5000);
    await stopChild('SIGTERM');
    clearTimeout(killer);
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return server;
}
