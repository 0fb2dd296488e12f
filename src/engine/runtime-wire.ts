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

/** Where a header value may not go: it would end the header or the head. */
const BREAKS_HEAD = /[\r\n\0]/;
const HEAD_END = '\r\n\r\n';
/** As node:http's default: a longer head is left to it to refuse. */
const MAX_HEAD_BYTES = 16 * 1024;

/** What the fast path leaves to node:http: framing it does not do, and anything it would refuse. */
function fastPathTakes(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] === undefined && headers.expect === undefined && headers.upgrade === undefined &&
    headers.connection === undefined && headers['lambda-runtime-function-response-mode'] === undefined;
}

/** The request head of `head` (without its blank line), or undefined if it is anything unusual. */
function parseHead(head: string): { method: string; url: string; headers: IncomingHttpHeaders; length: number } | undefined {
  const lines = head.split('\r\n');
  const [method, url, version, extra] = lines[0]!.split(' ');
  if (!method || !url || version !== 'HTTP/1.1' || extra !== undefined) return undefined;
  const headers: IncomingHttpHeaders = {};
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0 || BREAKS_HEAD.test(line)) return undefined;
    const name = line.slice(0, colon).toLowerCase();
    if (name.trim() !== name || name in headers) return undefined;
    headers[name] = line.slice(colon + 1).trim();
  }
  const declared = headers['content-length'] as string | undefined;
  if (declared !== undefined && !/^\d{1,10}$/.test(declared)) return undefined;
  return { method, url, headers, length: declared === undefined ? 0 : Number(declared) };
}

/** The answer's head and body, one write. */
function writeAnswer(socket: Socket, status: number, headers: readonly string[], body: Buffer | string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`;
  for (let i = 0; i < headers.length; i += 2) {
    const value = headers[i + 1]!;
    // As node:http refuses such a value: it must never reach the runtime as a header of its own.
    if (BREAKS_HEAD.test(value)) throw new TypeError(`Invalid character in header content ["${headers[i]}"]`);
    head += `${headers[i]}: ${value}\r\n`;
  }
  head += `Content-Length: ${bytes.length}\r\n\r\n`;
  socket.cork();
  socket.write(head, 'latin1');
  socket.write(bytes);
  socket.uncork();
}

/**
 * Serves the Runtime API on one admitted connection, framing requests by hand: what the runtime
 * clients send on the warm path (GET next, POST of a whole response or error with Content-Length).
 * The first request it does not take (chunked, streamed, oversized, or malformed) hands the connection,
 * that request's bytes first, to node:http for the rest of its life.
 */
export function serveFastPath(
  socket: Socket,
  dispatch: (method: string, url: string, exchange: RuntimeExchange) => void,
  handOff: (socket: Socket) => void,
  maxBody: number,
): void {
  let buffered: Buffer = Buffer.alloc(0);
  /** The request being answered: the next one is read only once it is. */
  let answering = false;
  let gone: (() => void) | undefined;
  let handedOff = false;

  const onData = (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    if (!answering) readRequest();
  };
  const onClose = () => {
    const listener = gone;
    gone = undefined;
    listener?.();
  };
  // A runtime killed mid-request resets its connection: nothing to answer any more.
  const onError = () => socket.destroy();
  const leave = () => {
    handedOff = true;
    socket.off('data', onData);
    socket.off('close', onClose);
    socket.off('error', onError);
    socket.pause();
    if (buffered.length) socket.unshift(buffered);
    buffered = Buffer.alloc(0);
    handOff(socket);
  };
  const readRequest = (): void => {
    if (handedOff || socket.destroyed) return;
    const headEnd = buffered.indexOf(HEAD_END);
    if (headEnd === -1) {
      if (buffered.length > MAX_HEAD_BYTES) leave();
      return;
    }
    const request = parseHead(buffered.toString('latin1', 0, headEnd));
    if (!request || !fastPathTakes(request.headers) || request.length > maxBody) return leave();
    const end = headEnd + HEAD_END.length + request.length;
    if (buffered.length < end) return;
    const body = buffered.subarray(headEnd + HEAD_END.length, end);
    buffered = buffered.length === end ? Buffer.alloc(0) : buffered.subarray(end);
    answering = true;
    let answered = false;
    const exchange: RuntimeExchange = {
      headers: request.headers,
      readBody: () => Promise.resolve({ body, size: body.length }),
      discard() {},
      brokenOff: false,
      reply(status, headers, answer) {
        if (answered) return;
        answered = true;
        gone = undefined;
        if (socket.destroyed) return;
        writeAnswer(socket, status, headers, answer);
        answering = false;
        if (buffered.length) readRequest();
      },
      onGone(listener) {
        if (!answered) gone = listener;
      },
    };
    dispatch(request.method, request.url, exchange);
  };

  socket.on('data', onData);
  socket.on('close', onClose);
  socket.on('error', onError);
  socket.resume();
}
