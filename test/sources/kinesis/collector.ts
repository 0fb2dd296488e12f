/**
 * A loopback HTTP endpoint functions post their events to (sandboxes share the host's network): what
 * a function received is known the moment it returns, whatever happens to Lambkin afterwards.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';

export interface Collector {
  url: string;
  events: any[];
}

export async function startCollector(): Promise<Collector> {
  const events: any[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, events };
}

/** A function that posts each event to the collector before it returns, after `delayMs`. */
export function postingHandler(url: string, delayMs = 0): Record<string, string> {
  return {
    'index.js': `exports.handler = async (event) => {
  await new Promise((r) => setTimeout(r, ${delayMs}));
  const res = await fetch(${JSON.stringify(url)}, { method: 'POST', body: JSON.stringify(event) });
  if (!res.ok) throw new Error('the collector answered ' + res.status);
  return null;
};`,
  };
}
