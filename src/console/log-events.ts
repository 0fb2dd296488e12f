/**
 * GET /_lambkin/console/api/logs/<function>/events — a function's log lines as server-sent events: the
 * last lines already written (`?backlog=`, default 50), then every new line as it is written, until the
 * client goes. Each event is `data: {"logStreamName","timestamp","message"}`. A comment every 15 s keeps
 * proxies from closing an idle stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoreDep } from '../control/deps.js';
import type { Engine } from '../engine/index.js';
import type { Scope } from '../store/types.js';
import type { StreamedLogEvent } from '../engine/logs/store.js';
import { InvalidParameterValueException } from '../errors/catalogue.js';
import { requireFunction } from './function-lookup.js';

export type LogEventsDeps = StoreDep & { engine: Pick<Engine, 'logs'> };

const DEFAULT_BACKLOG = 50;
const MAX_BACKLOG = 1000;
const KEEP_ALIVE_MS = 15_000;

function backlogOf(query: URLSearchParams): number {
  const raw = query.get('backlog');
  if (raw === null) return DEFAULT_BACKLOG;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > MAX_BACKLOG) {
    throw new InvalidParameterValueException(`Invalid backlog: ${JSON.stringify(raw)}. It is a whole number from 0 to ${MAX_BACKLOG}.`);
  }
  return n;
}

function sse(event: StreamedLogEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

/** Checks what it can before answering, so a bad request still gets an error status; then streams. */
export async function serveLogEvents(deps: LogEventsDeps, scope: Scope, name: string, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const backlog = backlogOf(query);
  const fn = await requireFunction(deps, scope, name);
  const group = fn.latest.config.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`;
  const abort = new AbortController();
  req.socket.once('close', () => abort.abort());
  // Following starts before the backlog is read, so no line falls between the two.
  const live = deps.engine.logs.follow(scope.accountId, scope.region, group, { signal: abort.signal });
  const first = live.next();
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.write(': following\n\n');
  const past = backlog === 0 ? [] : await deps.engine.logs.readEvents(scope.accountId, scope.region, group, { limit: backlog });
  const seen = new Set(past.map((e) => `${e.logStreamName}\n${e.timestamp}\n${e.message}`));
  for (const event of past) res.write(sse(event));
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  try {
    let next = await first;
    while (!next.done) {
      const e = next.value;
      // A line written while the backlog was read arrives both ways; it is sent once.
      const key = `${e.logStreamName}\n${e.timestamp}\n${e.message}`;
      if (!seen.delete(key)) res.write(sse(e));
      next = await live.next();
    }
  } finally {
    clearInterval(keepAlive);
    res.end();
  }
}
