/** The processes a benchmark run talks to: a real Lambkin and the floor relay, each a child on a loopback port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';

const BIN = new URL('../bin/lambkin.mjs', import.meta.url).pathname;
const RELAY = new URL('./floor/relay.mjs', import.meta.url).pathname;

export interface Child { url: string; stop(): Promise<void> }

function waitForUrl(child: ChildProcess, what: string): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${output}`)));
  });
}

function stopper(child: ChildProcess, cleanup = () => {}): () => Promise<void> {
  return () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) { cleanup(); resolve(); return; }
    child.once('exit', () => { cleanup(); resolve(); });
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** `env` is laid over the bench's own environment (endpoint settings for the sources a bench reads). */
export async function startLambkin(env: Record<string, string> = {}): Promise<Child> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lambkin-bench-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  const url = await waitForUrl(child, 'lambkin');
  return { url, stop: stopper(child, () => rmSync(dataDir, { recursive: true, force: true })) };
}

/** The relay spawns runtimes itself; it gets the same Python interpreter Lambkin uses for python3.12. */
export async function startRelay(): Promise<Child> {
  const child = spawn(process.execPath, [RELAY, python312()], { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  const url = await waitForUrl(child, 'relay');
  return { url, stop: stopper(child) };
}

function python312(): string {
  const versions = join(homedir(), '.pyenv', 'versions');
  const pyenv = existsSync(versions) ? readdirSync(versions).filter((v) => v.startsWith('3.12.')).sort().reverse() : [];
  const candidates = [...pyenv.map((v) => join(versions, v, 'bin', 'python3.12')), '/usr/local/bin/python3.12', '/usr/bin/python3.12'];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('bench: python3.12 is not installed');
  return found;
}

/** A moto_server on a free loopback port: the source endpoint both Lambkin and the floor read. */
export async function startMoto(): Promise<Child> {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'ignore'] });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(`${url}/moto-api/`);
      break;
    } catch {
      if (Date.now() > until) throw new Error('bench: moto_server did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, stop: stopper(child) };
}
