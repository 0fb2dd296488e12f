/** Lambkin's own endpoints under /_lambkin/ (never an AWS path): health, code downloads, logs, mapping status, node status, process figures, reset. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlobsDep, LinksDep } from '../control/deps.js';
import { VERSION } from '../version.js';
import { LambdaError } from '../errors/base.js';
import { sendError } from './internal-common.js';
import { serveLogs, type LogsDeps } from './internal-logs.js';
import { serveReset } from './internal-reset.js';
import { serveProcess } from './internal-process.js';
import { serveMappingStatus, type MappingStatusDeps } from './internal-event-source-mappings.js';
import type { ResetDeps } from '../control/reset.js';
import { serveStatus, type StatusEndpointDeps } from './internal-status.js';

export type InternalDeps = LogsDeps & BlobsDep & LinksDep & ResetDeps & MappingStatusDeps & StatusEndpointDeps;

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const data = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': data.length });
  res.end(data);
}

export async function handleInternal(app: InternalDeps, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  req.resume();
  if (path === '/_lambkin/health') {
    send(res, 200, { status: 'ok', version: VERSION });
    return;
  }
  const code = /^\/_lambkin\/code\/([0-9a-f]{64})$/.exec(path);
  if (code && req.method === 'GET') {
    const key = code[1]!;
    if (!app.links.verify(key, query.get('Expires'), query.get('Signature')) || !(await app.blobs.has(key))) {
      send(res, 403, Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired or the signature is invalid</Message></Error>'), 'application/xml');
      return;
    }
    send(res, 200, await app.blobs.get(key), 'application/zip');
    return;
  }
  const logs = /^\/_lambkin\/logs\/([^/]+)$/.exec(path);
  if (logs && req.method === 'GET') {
    let name: string;
    try {
      name = decodeURIComponent(logs[1]!);
    } catch {
      name = logs[1]!; // not valid percent-encoding: the name check refuses it
    }
    await serveLogs(app, req, res, name, query);
    return;
  }
  const mappings = /^\/_lambkin\/event-source-mappings(?:\/([^/]+))?\/?$/.exec(path);
  if (mappings && req.method === 'GET') {
    await serveMappingStatus(app, req, res, mappings[1], query);
    return;
  }
  if (path === '/_lambkin/status' && req.method === 'GET') {
    try {
      send(res, 200, await serveStatus(app, req, query));
    } catch (err) {
      if (!(err instanceof LambdaError)) throw err;
      sendError(res, err);
    }
    return;
  }
  if (path === '/_lambkin/process' && req.method === 'GET') {
    try {
      send(res, 200, await serveProcess(app.auth, req));
    } catch (err) {
      if (!(err instanceof LambdaError)) throw err;
      sendError(res, err);
    }
    return;
  }
  if (path === '/_lambkin/reset' && req.method === 'POST') {
    try {
      send(res, 200, await serveReset(app, req, query));
    } catch (err) {
      if (!(err instanceof LambdaError)) throw err;
      sendError(res, err);
    }
    return;
  }
  send(res, 404, { message: `No Lambkin endpoint at ${path}` });
}
