/**
 * A loopback HTTP server that counts what functions send it: a side effect outside Lambkin that a
 * workflow step can have, so a test can tell how many times the step's work really ran.
 * `POST /<key>` counts one for `key`; always closed when the file ends.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';

export interface SideEffects {
  url: string;
  count(key: string): number;
}

export async function sideEffectRecorder(): Promise<SideEffects> {
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const key = decodeURIComponent((req.url ?? '/').slice(1));
    if (req.method === 'POST') counts.set(key, (counts.get(key) ?? 0) + 1);
    req.resume();
    req.on('end', () => res.end(String(counts.get(key) ?? 0)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: (key) => counts.get(key) ?? 0,
  };
}
