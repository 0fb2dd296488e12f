/**
 * The console's own endpoints under /_lambkin/console/api/ (everything else the page reads is the real
 * Lambda API, and CloudWatch's GetMetricData, signed in the browser):
 *   GET    mode                                      whether keys are needed; the default region
 *   GET    whoami                                    the caller's account and region
 *   GET    activity                                  per function: last invoked, last hour's counts
 *   GET    functions/<fn>/test-events                saved test events
 *   PUT    functions/<fn>/test-events/<name>         save one: {"event": "<JSON text>"}
 *   DELETE functions/<fn>/test-events/<name>
 *   GET    functions/<fn>/code[?qualifier=]          the unpacked package's entries
 *   GET    functions/<fn>/code/file?path=[&qualifier=]  one file's text
 *   GET    functions/<fn>/async-queue                depth, oldest age, last error
 *   GET    logs/<fn>/events                          server-sent log lines
 * Errors are the catalogue's, in AWS's wire format.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LambdaError } from '../errors/base.js';
import { InvalidParameterValueException, RequestTooLargeException } from '../errors/catalogue.js';
import { sendError } from '../api/internal-common.js';
import { consoleScope, type CallerDeps } from './caller.js';
import { deleteTestEvent, listTestEvents, parseSaveBody, saveTestEvent } from './test-events.js';
import { listCode, readCodeFile, type CodeTreeDeps } from './code-tree.js';
import { asyncQueueState } from './async-state.js';
import { serveLogEvents, type LogEventsDeps } from './log-events.js';
import type { ConsoleActivity } from './activity.js';

export type ConsoleApiDeps = CallerDeps & CodeTreeDeps & LogEventsDeps & { activity: Pick<ConsoleActivity, 'summary'> };

export const API_PREFIX = '/_lambkin/console/api/';
const MAX_BODY_BYTES = 6 * 1024 * 1024 + 1024;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': data.length, 'Cache-Control': 'no-store' });
  res.end(data);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RequestTooLargeException(`Request must be smaller than ${MAX_BODY_BYTES} bytes for the console's endpoints.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InvalidParameterValueException(`Invalid percent-encoding in ${JSON.stringify(segment)}.`);
  }
}

async function route(deps: ConsoleApiDeps, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  const method = req.method ?? 'GET';
  const parts = path.split('/').map(decoded);
  if (method === 'GET' && path === 'mode') {
    req.resume();
    return sendJson(res, 200, { credentialsRequired: deps.auth.verifying, defaultRegion: deps.config.region });
  }
  const body = method === 'PUT' ? await readBody(req) : (req.resume(), Buffer.alloc(0));
  const scope = await consoleScope(deps, req, body);
  if (method === 'GET' && path === 'whoami') return sendJson(res, 200, scope);
  if (method === 'GET' && path === 'activity') return sendJson(res, 200, { functions: deps.activity.summary(scope) });
  const [head, name, sub, item, ...rest] = parts;
  if (head === 'logs' && name !== undefined && sub === 'events' && item === undefined && method === 'GET') {
    return serveLogEvents(deps, scope, name, query, req, res);
  }
  if (head === 'functions' && name !== undefined && rest.length === 0) {
    if (sub === 'test-events' && item === undefined && method === 'GET') {
      return sendJson(res, 200, { testEvents: await listTestEvents(deps, scope, name) });
    }
    if (sub === 'test-events' && item !== undefined && method === 'PUT') {
      return sendJson(res, 200, await saveTestEvent(deps, scope, name, item, parseSaveBody(body)));
    }
    if (sub === 'test-events' && item !== undefined && method === 'DELETE') {
      await deleteTestEvent(deps, scope, name, item);
      res.writeHead(204).end();
      return;
    }
    if (sub === 'code' && item === undefined && method === 'GET') {
      return sendJson(res, 200, await listCode(deps, scope, name, query.get('qualifier')));
    }
    if (sub === 'code' && item === 'file' && method === 'GET') {
      return sendJson(res, 200, await readCodeFile(deps, scope, name, query.get('qualifier'), query.get('path')));
    }
    if (sub === 'async-queue' && item === undefined && method === 'GET') {
      return sendJson(res, 200, await asyncQueueState(deps, scope, name));
    }
  }
  sendJson(res, 404, { message: `No console endpoint ${method} ${API_PREFIX}${path}` });
}

export async function serveConsoleApi(deps: ConsoleApiDeps, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  try {
    await route(deps, req, res, path, query);
  } catch (err) {
    if (!(err instanceof LambdaError)) throw err;
    if (res.headersSent) { res.end(); return; }
    sendError(res, err);
  }
}
