/**
 * A loopback HTTP server the test owns that functions POST each event to: what the functions got
 * outlives Lambkin being killed and restarted.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';
import type { DeliveredEvent } from './harness.js';

export interface Collector {
  url: string;
  events(): DeliveredEvent[];
}

export async function startCollector(): Promise<Collector> {
  const events: DeliveredEvent[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString()) as DeliveredEvent);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = (server.address() as AddressInfo);
  return { url: `http://127.0.0.1:${port}/`, events: () => [...events] };
}

/** Posts each event to COLLECTOR_URL and waits for its answer, then takes `workMs` more (a busy function). */
export function collectingFunction(workMs = 0): Record<string, string> {
  return {
    'index.js': [
      "const http = require('http');",
      'const post = (body) => new Promise((resolve, reject) => {',
      "  const req = http.request(process.env.COLLECTOR_URL, { method: 'POST' }, (res) => { res.resume(); res.on('end', resolve); });",
      "  req.on('error', reject);",
      '  req.end(body);',
      '});',
      'exports.handler = async (event) => {',
      '  await post(JSON.stringify(event));',
      `  await new Promise((r) => setTimeout(r, ${workMs}));`,
      '  return null;',
      '};',
    ].join('\n'),
  };
}
