import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { MAX_RESPONSE_BYTES } from './errors.js';
import type { Exchange as RuntimeExchange } from '../wire/exchange.js';
import type { RequestHead } from '../wire/head.js';
import { serveHandFramed, type ExchangeHandler } from '../wire/hand-framed.js';

export type { RuntimeExchange };

/**
 * The Lambda Runtime API (2018-06-01) of one environment, on its own loopback port: the port alone
 * tells which environment a request belongs to, so handlers need no lookup. Every port is reachable by
 * every local process, so each connection is admitted (or reset) before a byte of it is read.
 */
export interface RuntimeApiHandler {
  next(exchange: RuntimeExchange): void;
  response(requestId: string, exchange: RuntimeExchange): void;
  error(requestId: string, exchange: RuntimeExchange): void;
  initError(exchange: RuntimeExchange): void;
}

const PREFIX = '/2018-06-01/runtime/';
const INVOCATION = 'invocation/';
const ACCEPTED = Buffer.from('{"status":"OK"}');
const JSON_TYPE = ['Content-Type', 'application/json'];
/** The fast path takes a body up to this: a larger one (refused) is drained and counted by node:http. */
const FAST_BODY_LIMIT = MAX_RESPONSE_BYTES;

export function replyJson(exchange: RuntimeExchange, status: number, body: Buffer | string): void {
  exchange.reply(status, JSON_TYPE, body);
}

export function replyAccepted(exchange: RuntimeExchange): void {
  exchange.reply(202, JSON_TYPE, ACCEPTED);
}

export function replyError(exchange: RuntimeExchange, status: number, errorType: string, errorMessage: string): void {
  replyJson(exchange, status, JSON.stringify({ errorMessage, errorType }));
}

export function replyInvalidState(exchange: RuntimeExchange, detail: string): void {
  replyError(exchange, 403, 'InvalidStateTransition', detail);
}

/** Reads a request body, keeping at most `limit` bytes (the rest is drained and counted). */
function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), size }));
    req.on('error', reject);
  });
}

/** A request node:http carried. */
function httpExchange(req: IncomingMessage, res: ServerResponse): RuntimeExchange {
  return {
    headers: req.headers,
    readBody: (limit) => readBody(req, limit),
    stream: req,
    discard: () => void req.resume(),
    get brokenOff() { return req.destroyed && !req.complete; },
    // With Content-Length: writeHead alone would make node:http frame the body as chunked.
    reply(status, headers, body) {
      res.writeHead(status, [...headers, 'Content-Length', String(Buffer.byteLength(body))]).end(body);
    },
    onGone(listener) {
      res.once('close', () => {
        if (!res.writableFinished) listener();
      });
    },
  };
}

/** A malformed escape names no invocation: kept as it came, it matches none. */
function decodedId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function route(handler: RuntimeApiHandler, method: string, url: string, exchange: RuntimeExchange): void {
  if (!url.startsWith(PREFIX)) {
    exchange.discard();
    return replyError(exchange, 404, 'NotFound', 'Not Found');
  }
  const rest = url.slice(PREFIX.length);
  if (rest.startsWith(INVOCATION)) {
    const tail = rest.slice(INVOCATION.length);
    if (tail === 'next') {
      if (method !== 'GET') {
        exchange.discard();
        return replyError(exchange, 405, 'MethodNotAllowed', 'Method Not Allowed');
      }
      return handler.next(exchange);
    }
    const slash = tail.lastIndexOf('/');
    if (slash > 0 && method === 'POST') {
      const raw = tail.slice(0, slash);
      const id = raw.includes('%') ? decodedId(raw) : raw;
      const action = tail.slice(slash + 1);
      if (action === 'response') return handler.response(id, exchange);
      if (action === 'error') return handler.error(id, exchange);
    }
  } else if (rest === 'init/error' && method === 'POST') {
    return handler.initError(exchange);
  }
  exchange.discard();
  replyError(exchange, 404, 'NotFound', 'Not Found');
}

/** What the hand-framed path takes: the warm path's requests (a streamed response goes to node:http). */
function claimer(handler: RuntimeApiHandler): (head: RequestHead) => ExchangeHandler | undefined {
  return (head) => {
    if (head.length > FAST_BODY_LIMIT || head.headers['lambda-runtime-function-response-mode'] !== undefined) return undefined;
    return (exchange) => route(handler, head.method, head.url, exchange);
  };
}

export interface RuntimeApiServer {
  port: number;
  /** Drops every connection and stops listening. */
  close(): void;
}

/**
 * Listens on a fresh loopback port. `admits` decides once per connection, when it is accepted, whether
 * it comes from the environment's own processes; until it has, nothing of the connection is read, and a
 * refused connection is reset unread. Runtime clients keep one connection for their whole life, so the
 * check is off the warm path.
 */
export async function startRuntimeApi(
  handler: RuntimeApiHandler,
  admits: (socket: Socket) => boolean | Promise<boolean>,
): Promise<RuntimeApiServer> {
  const http = createHttpServer({ noDelay: true }, (req, res) => route(handler, req.method ?? '', req.url ?? '', httpExchange(req, res)));
  // A runtime holds one keep-alive connection for its whole life and long-polls `next` on it.
  http.keepAliveTimeout = 0;
  http.requestTimeout = 0;
  http.headersTimeout = 0;
  // The HTTP server never listens itself, so it keeps no list of its connections: this one does.
  const open = new Set<Socket>();
  let closed = false;
  const serve = (socket: Socket, admitted: boolean, onError: () => void) => {
    socket.off('error', onError);
    if (!admitted || closed || socket.destroyed) return void socket.resetAndDestroy();
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    // Accepted paused (nothing read while the check ran): requests are read from here on.
    // Lambkin's runtime clients post a result and ask for the next event in one write: the 202 goes
    // out with that event.
    serveHandFramed(socket, { claim, handOff, label: 'lambkin runtime api', holdAnswersWhilePipelined: true });
  };
  const claim = claimer(handler);
  const handOff = (socket: Socket) => {
    http.emit('connection', socket);
    socket.resume();
  };
  // Half-open as node:http's own server, so a client that shuts its side after a request still gets the answer.
  const tcp = createTcpServer({ noDelay: true, allowHalfOpen: true, pauseOnConnect: true }, (socket) => {
    // Reset, not left to linger, if it breaks while the check runs.
    const onError = () => socket.destroy();
    socket.on('error', onError);
    Promise.resolve()
      .then(() => admits(socket))
      .then((admitted) => serve(socket, admitted, onError), () => serve(socket, false, onError));
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (tcp.address() as AddressInfo).port,
    close() {
      closed = true;
      for (const socket of open) socket.destroy();
      open.clear();
      tcp.close();
    },
  };
}
