/**
 * Loopback HTTP meeting points that functions call (sandboxes share the host's network), so a test can
 * prove an ordering as a fact instead of inferring it from timestamps and sleeps.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';
import { EVENTUALLY_MS } from './timing.js';

export interface Rendezvous {
  /** GET it from a function: answered `go` when released, `timeout` after EVENTUALLY_MS otherwise. */
  url: string;
  /** How many calls have arrived so far. */
  arrived(): number;
  /** Answers every waiting call (and every later one) with `go`. */
  release(): void;
}

async function listen(onArrive: (arrived: number, release: () => void) => void): Promise<Rendezvous> {
  const waiting: ServerResponse[] = [];
  let arrived = 0;
  let released = false;
  const release = () => {
    released = true;
    for (const res of waiting.splice(0)) res.end('go');
  };
  const server = createServer((req, res) => {
    req.resume();
    arrived++;
    if (released) return void res.end('go');
    waiting.push(res);
    const timer = setTimeout(() => {
      const at = waiting.indexOf(res);
      if (at !== -1) waiting.splice(at, 1);
      res.end('timeout');
    }, EVENTUALLY_MS);
    res.on('close', () => clearTimeout(timer));
    onArrive(arrived, release);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    release();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, arrived: () => arrived, release };
}

/** Released by the test when it decides (e.g. once it has seen the first chunk of a stream). */
export function gate(): Promise<Rendezvous> {
  return listen(() => {});
}

/** Released when `parties` calls are waiting at once: they all ran at the same time. */
export function barrier(parties: number): Promise<Rendezvous> {
  return listen((arrived, release) => {
    if (arrived >= parties) release();
  });
}

/** Node.js handler code that GETs a rendezvous URL and resolves to its answer. */
export const MEET_JS = `(url) => new Promise((resolve, reject) => {
  require('http').get(url, (res) => { let body = ''; res.on('data', (c) => (body += c)); res.on('end', () => resolve(body)); }).on('error', reject);
})`;
