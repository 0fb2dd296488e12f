import { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/**
 * One request to the Runtime API and its one answer, whether node:http carried it or the hand-framed
 * fast path below did. Handlers see only this.
 */
export interface RuntimeExchange {
  /** Lower-cased names, as node:http gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The whole body: at most `limit` bytes kept, `size` counts all of it. */
  readBody(limit: number): Promise<{ body: Buffer; size: number }>;
  /** The body as a stream, with trailers: set only for requests node:http carries (streamed responses). */
  readonly stream?: IncomingMessage;
  /** The body is not wanted: it is drained. */
  discard(): void;
  /** The runtime broke the request off before its body was complete. */
  readonly brokenOff: boolean;
  /** `headers` as a flat name, value list; Content-Length is added. */
  reply(status: number, headers: readonly string[], body: Buffer | string): void;
  /** Called if the connection goes before the answer is written (at most once). */
  onGone(listener: () => void): void;
}

/** What a header value may not hold: it would end the header or the head. */
const BREAKS_VALUE = /[\r\n\0]/;
/** As a Buffer: searching a Buffer for a string encodes the string on every search. */
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
/** As node:http's default: a longer head is left to it to refuse. */
const MAX_HEAD_BYTES = 16 * 1024;

/** What the fast path leaves to node:http: framing it does not do, and anything it would refuse. */
function fastPathTakes(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] === undefined && headers.expect === undefined && headers.upgrade === undefined &&
    headers.connection === undefined && headers['lambda-runtime-function-response-mode'] === undefined;
}

/** A bare CR or LF, or a NUL: node:http would refuse the request, and so is it left to it. */
const STRAY_BREAK = /\0|[^\r]\n|\r(?!\n)/;

/** The request head of `head` (without its blank line), or undefined if it is anything unusual. */
function parseHead(head: string): { method: string; url: string; headers: IncomingHttpHeaders; length: number } | undefined {
  if (STRAY_BREAK.test(head)) return undefined;
  let lineEnd = head.indexOf('\r\n');
  if (lineEnd === -1) lineEnd = head.length;
  const firstSpace = head.indexOf(' ');
  const secondSpace = head.indexOf(' ', firstSpace + 1);
  if (firstSpace <= 0 || secondSpace <= firstSpace + 1 || head.slice(secondSpace + 1, lineEnd) !== 'HTTP/1.1') return undefined;
  const headers: IncomingHttpHeaders = {};
  for (let at = lineEnd + 2; at < head.length; at = lineEnd + 2) {
    lineEnd = head.indexOf('\r\n', at);
    if (lineEnd === -1) lineEnd = head.length;
    const colon = head.indexOf(':', at);
    if (colon <= at || colon > lineEnd) return undefined;
    const name = head.slice(at, colon).toLowerCase();
    if (name.trim() !== name || name in headers) return undefined;
    headers[name] = head.slice(colon + 1, lineEnd).trim();
  }
  const declared = headers['content-length'] as string | undefined;
  if (declared !== undefined && !/^\d{1,10}$/.test(declared)) return undefined;
  return {
    method: head.slice(0, firstSpace), url: head.slice(firstSpace + 1, secondSpace), headers, length: declared === undefined ? 0 : Number(declared),
  };
}

/** The answer's head and body, one write. */
function writeAnswer(socket: Socket, status: number, headers: readonly string[], body: Buffer | string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`;
  for (let i = 0; i < headers.length; i += 2) {
    const value = headers[i + 1]!;
    // As node:http refuses such a value: it must never reach the runtime as a header of its own.
    if (BREAKS_VALUE.test(value)) throw new TypeError(`Invalid character in header content ["${headers[i]}"]`);
    head += `${headers[i]}: ${value}\r\n`;
  }
  head += `Content-Length: ${bytes.length}\r\n\r\n`;
  socket.cork();
  socket.write(head, 'latin1');
  socket.write(bytes);
  socket.uncork();
}

/** An exchange read by hand: its body is already in full. */
class FastExchange implements RuntimeExchange {
  readonly brokenOff = false;
  /** Set while the answer is due: the connection tells it if it goes first. */
  gone?: () => void;
  private answered = false;

  constructor(
    private readonly connection: FastConnection,
    readonly headers: IncomingHttpHeaders,
    private readonly body: Buffer,
  ) {}

  readBody(): Promise<{ body: Buffer; size: number }> {
    return Promise.resolve({ body: this.body, size: this.body.length });
  }

  discard(): void {}

  reply(status: number, headers: readonly string[], body: Buffer | string): void {
    if (this.answered) return;
    this.answered = true;
    this.gone = undefined;
    this.connection.answer(status, headers, body);
  }

  onGone(listener: () => void): void {
    if (!this.answered) this.gone = listener;
  }
}

type Dispatch = (method: string, url: string, exchange: RuntimeExchange) => void;

/**
 * The Runtime API on one admitted connection, requests framed by hand: what the runtime clients send on
 * the warm path (GET next, POST of a whole response or error with Content-Length). The first request
 * it does not take (chunked, streamed, oversized, or malformed) hands the connection, that request's
 * bytes first, to node:http for the rest of its life. One request is answered at a time, in order.
 */
class FastConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private current?: FastExchange;
  private handedOff = false;
  private readonly onData = (chunk: Buffer) => {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    if (!this.current) this.readRequest();
  };
  private readonly onClose = () => {
    const gone = this.current?.gone;
    this.current = undefined;
    gone?.();
  };
  // A runtime killed mid-request resets its connection: nothing to answer any more.
  private readonly onError = () => this.socket.destroy();

  constructor(
    private readonly socket: Socket,
    private readonly dispatch: Dispatch,
    private readonly handOff: (socket: Socket) => void,
    private readonly maxBody: number,
  ) {
    socket.on('data', this.onData);
    socket.on('close', this.onClose);
    socket.on('error', this.onError);
    socket.resume();
  }

  answer(status: number, headers: readonly string[], body: Buffer | string): void {
    this.current = undefined;
    if (this.socket.destroyed) return;
    writeAnswer(this.socket, status, headers, body);
    if (this.buffered.length) this.readRequest();
  }

  private readRequest(): void {
    if (this.handedOff || this.socket.destroyed) return;
    const buffered = this.buffered;
    const headEnd = buffered.indexOf(HEAD_END);
    if (headEnd === -1) {
      if (buffered.length > MAX_HEAD_BYTES) this.leave();
      return;
    }
    const request = parseHead(buffered.toString('latin1', 0, headEnd));
    if (!request || !fastPathTakes(request.headers) || request.length > this.maxBody) return this.leave();
    const end = headEnd + HEAD_END.length + request.length;
    if (buffered.length < end) return;
    const body = buffered.subarray(headEnd + HEAD_END.length, end);
    this.buffered = buffered.length === end ? Buffer.alloc(0) : buffered.subarray(end);
    this.current = new FastExchange(this, request.headers, body);
    try {
      this.dispatch(request.method, request.url, this.current);
    } catch (err) {
      // A fault in a handler costs this connection (the runtime sees it reset), never the server.
      console.error(`lambkin runtime api: ${request.method} ${request.url} failed: ${(err as Error).message}`);
      this.current = undefined;
      this.socket.destroy();
    }
  }

  private leave(): void {
    this.handedOff = true;
    const socket = this.socket;
    socket.off('data', this.onData);
    socket.off('close', this.onClose);
    socket.off('error', this.onError);
    socket.pause();
    if (this.buffered.length) socket.unshift(this.buffered);
    this.buffered = Buffer.alloc(0);
    this.handOff(socket);
  }
}

export function serveFastPath(socket: Socket, dispatch: Dispatch, handOff: (socket: Socket) => void, maxBody: number): void {
  new FastConnection(socket, dispatch, handOff, maxBody);
}
