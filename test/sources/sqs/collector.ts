/**
 * Where the test's real functions report: each invocation POSTs its event to the collector (sandboxes
 * share the host's loopback) and does what the collector answers: return a value, throw, or wait. The
 * test reads every event each function got, in order, and how many ran at once, across server restarts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';

export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, Record<string, unknown>>;
  md5OfMessageAttributes: string | null;
  md5OfBody: string;
  eventSource: string;
  eventSourceARN: string;
  awsRegion: string;
}
export interface SqsEvent { Records: SqsRecord[] }

/** What one invocation does: `result` is returned, `fail` thrown, after `delayMs`. */
export interface Answer { result?: unknown; fail?: string; delayMs?: number }
export type Policy = (event: SqsEvent, nth: number) => Answer;

export interface Seen { event: SqsEvent; at: number }

export interface Collector {
  /** The function's COLLECTOR variable. */
  urlFor(name: string): string;
  answer(name: string, policy: Policy): void;
  events(name: string): Seen[];
  /** Most invocations of the function that were inside the collector at once. */
  mostAtOnce(name: string): number;
}

/** The function every test deploys: it reports, then obeys. */
export const REPORTING_FUNCTION = {
  'index.js': `
const http = require('http');
exports.handler = async (event) => {
  const answer = await new Promise((resolve, reject) => {
    const req = http.request(process.env.COLLECTOR, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.end(JSON.stringify(event));
  });
  if (answer.fail) throw new Error(answer.fail);
  return answer.result;
};
`,
};

export async function startCollector(): Promise<Collector> {
  const seen = new Map<string, Seen[]>();
  const policies = new Map<string, Policy>();
  const running = new Map<string, number>();
  const most = new Map<string, number>();
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SqsEvent;
      const list = seen.get(name) ?? [];
      list.push({ event, at: Date.now() });
      seen.set(name, list);
      const now = (running.get(name) ?? 0) + 1;
      running.set(name, now);
      most.set(name, Math.max(most.get(name) ?? 0, now));
      const answer: Answer = (policies.get(name) ?? (() => ({})))(event, list.length);
      setTimeout(() => {
        running.set(name, (running.get(name) ?? 1) - 1);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ result: answer.result ?? null, fail: answer.fail ?? null }));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  return {
    urlFor: (name) => `http://127.0.0.1:${port}/${encodeURIComponent(name)}`,
    answer: (name, policy) => void policies.set(name, policy),
    events: (name) => seen.get(name) ?? [],
    mostAtOnce: (name) => most.get(name) ?? 0,
  };
}
