import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

/**
 * The Lambda Runtime API (2018-06-01) of one environment, on its own loopback port: the port alone
 * tells which environment a request belongs to, so handlers need no lookup. Every port is reachable by
 * every local process, so each connection is admitted (or reset) before a byte of it is read.
 */
export interface RuntimeApiHandler {
  next(req: IncomingMessage, res: ServerResponse): void;
  response(requestId: string, req: IncomingMessage, res: ServerResponse): void;
  error(requestId: string, req: IncomingMessage, res: ServerResponse): void;
  initError(req: IncomingMessage, res: ServerResponse): void;
}

const PREFIX = '/2018-06-01/runtime/';
const INVOCATION = 'invocation/';
const ACCEPTED = Buffer.from('{"status":"OK"}');
/** The 202 every result post gets: its headers as a flat list, which node:http writes without copying them. */
const ACCEPTED_HEADERS = ['Content-Type', 'application/json', 'Content-Length', String(ACCEPTED.length)];

/** With Content-Length: writeHead alone would make node:http frame the body as chunked. */
export function replyJson(res: ServerResponse, status: number, body: Buffer | string): void {
  res.writeHead(status, ['Content-Type', 'application/json', 'Content-Length', String(Buffer.byteLength(body))]).end(body);
}

export function replyAccepted(res: ServerResponse): void {
  res.writeHead(202, ACCEPTED_HEADERS).end(ACCEPTED);
}

export function replyError(res: ServerResponse, status: number, errorType: string, errorMessage: string): void {
  replyJson(res, status, JSON.stringify({ errorMessage, errorType }));
}

export function replyInvalidState(res: ServerResponse, detail: string): void {
  replyError(res, 403, 'InvalidStateTransition', detail);
}

/** Reads a request body, keeping at most `limit` bytes (the rest is drained and counted). */
export function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; size: number }> {
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

function route(handler: RuntimeApiHandler, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '';
  if (!url.startsWith(PREFIX)) return replyError(res, 404, 'NotFound', 'Not Found');
  const rest = url.slice(PREFIX.length);
  if (rest.startsWith(INVOCATION)) {
    const tail = rest.slice(INVOCATION.length);
    if (tail === 'next') {
      if (req.method !== 'GET') return replyError(res, 405, 'MethodNotAllowed', 'Method Not Allowed');
      return handler.next(req, res);
    }
    const slash = tail.lastIndexOf('/');
    if (slash > 0 && req.method === 'POST') {
      const raw = tail.slice(0, slash);
      const id = raw.includes('%') ? decodeURIComponent(raw) : raw;
      const action = tail.slice(slash + 1);
      if (action === 'response') return handler.response(id, req, res);
      if (action === 'error') return handler.error(id, req, res);
    }
  } else if (rest === 'init/error' && req.method === 'POST') {
    return handler.initError(req, res);
  }
  req.resume();
  replyError(res, 404, 'NotFound', 'Not Found');
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
  const http = createHttpServer({ noDelay: true }, (req, res) => route(handler, req, res));
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
    http.emit('connection', socket);
    // Accepted paused (nothing read while the check ran): the HTTP parser reads from here on.
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
