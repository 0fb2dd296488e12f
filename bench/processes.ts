/** The processes a benchmark run talks to: a real Lambkin and the floor relay, each a child on a loopback port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

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

export async function startLambkin(): Promise<Child> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lambkin-bench-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
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
