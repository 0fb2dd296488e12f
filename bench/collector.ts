/** What the benches share: zipping a handler, and the collector the source benches' handlers report to. */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import yazl from 'yazl';

/** Epoch milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export const now = () => performance.timeOrigin + performance.now();

export function zip(files: Record<string, string>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) z.addBuffer(Buffer.from(text), name, { mode: 0o100644 });
  z.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.outputStream.on('error', reject);
  });
}

/**
 * A handler that stamps its start, then posts the collector which records it got and when.
 * `sentOf` is a JS expression reading a record `r`'s send time.
 */
export function reportingHandler(sentOf: string): string {
  return `
const http = require('node:http');
exports.handler = async (event) => {
  const started = performance.timeOrigin + performance.now();
  const sent = event.Records.map((r) => ${sentOf});
  await new Promise((resolve, reject) => {
    const req = http.request(process.env.COLLECTOR, { method: 'POST' }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject);
    req.end(JSON.stringify({ started, sent }));
  });
  return {};
};
`;
}

export interface Arrival { started: number; sent: number[] }

export interface Collector {
  url: Promise<string>;
  /** The next arrival not yet taken. */
  next(): Promise<Arrival>;
  /** From now on every arrival goes to `listener` instead. */
  onArrival(listener: (a: Arrival) => void): void;
  close(): void;
}

export function collector(): Collector {
  const queued: Arrival[] = [];
  const waiting: Array<(a: Arrival) => void> = [];
  let listener: ((a: Arrival) => void) | undefined;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.end();
      const arrival = JSON.parse(Buffer.concat(chunks).toString()) as Arrival;
      if (listener) return listener(arrival);
      const waiter = waiting.shift();
      if (waiter) waiter(arrival);
      else queued.push(arrival);
    });
  });
  const url = new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)));
  return {
    url,
    next: () => new Promise((resolve) => { const a = queued.shift(); if (a) resolve(a); else waiting.push(resolve); }),
    onArrival(l) { listener = l; },
    close: () => { server.closeAllConnections(); server.close(); },
  };
}
