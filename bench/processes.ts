/** The processes a benchmark run talks to: Lambkin, the floor relay, the echo, moto_server; each a child on a loopback port. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';

const BIN = new URL('../bin/lambkin.mjs', import.meta.url).pathname;
const FLOOR = new URL('./floor/', import.meta.url).pathname;

export interface Child { url: string; pid: number; stop(): Promise<void> }

/** Resolves with the first `listening on http://…` a child prints; rejects (with its output) if it exits first. */
export function waitForUrl(child: ChildProcess, what: string, pattern = /listening on (http:\/\/\S+)/): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = pattern.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${output}`)));
  });
}

/** Stops a child (and, for a detached one, its whole process group). */
export function stopper(child: ChildProcess, cleanup = () => {}, group = false): () => Promise<void> {
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (group) process.kill(-child.pid!, signal);
      else child.kill(signal);
    } catch { /* already gone */ }
  };
  return () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) { cleanup(); resolve(); return; }
    child.once('exit', () => { cleanup(); resolve(); });
    kill('SIGTERM');
    setTimeout(() => kill('SIGKILL'), 5000).unref();
  });
}

export async function startChild(what: string, file: string, args: string[], options: SpawnOptions = {}, pattern?: RegExp): Promise<Child> {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const url = await waitForUrl(child, what, pattern);
  return { url, pid: child.pid!, stop: stopper(child, () => {}, options.detached === true) };
}

/** `env` is laid over the bench's own environment; `args` are extra `serve` flags. */
export async function startLambkin(env: Record<string, string> = {}, args: string[] = []): Promise<Child> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lambkin-bench-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const url = await waitForUrl(child, 'lambkin');
    return { url, pid: child.pid!, stop: stopper(child, cleanup) };
  } catch (err) {
    cleanup();
    throw err;
  }
}

/** The relay spawns runtimes itself; it gets the same Python interpreter Lambkin uses for python3.12. */
export const startRelay = () => startChild('relay', process.execPath, [join(FLOOR, 'relay.mjs'), python312()]);
export const startEcho = () => startChild('echo', process.execPath, [join(FLOOR, 'echo.mjs')]);

export function python312(): string {
  const versions = join(homedir(), '.pyenv', 'versions');
  const pyenv = existsSync(versions) ? readdirSync(versions).filter((v) => v.startsWith('3.12.')).sort().reverse() : [];
  const candidates = [...pyenv.map((v) => join(versions, v, 'bin', 'python3.12')), '/usr/local/bin/python3.12', '/usr/bin/python3.12'];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('bench: python3.12 is not installed');
  return found;
}

export function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Polls `url` until anything answers. */
export async function waitForHttp(url: string, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > until) throw new Error(`bench: ${what} did not start`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A moto_server on a free loopback port. */
export async function startMoto(): Promise<Child> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'ignore'] });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/moto-api/`, 'moto_server');
  return { url, pid: child.pid!, stop: stopper(child) };
}
