import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { Exchange } from './exchange.js';
import { INVALID_VALUE, parseHead, plainlyFramed, type RequestHead } from './head.js';

/** As a Buffer: searching a Buffer for a string encodes the string on every search. */
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
/** As node:http's default: a longer head is left to it to refuse. */
const MAX_HEAD_BYTES = 16 * 1024;
const EMPTY = Buffer.alloc(0);

/** Up to this size an answer is copied into one buffer: one write, where head and body apart make a writev. */
const COPY_UP_TO = 64 * 1024;

/** The answer's head and body, one write. */
function writeAnswer(socket: Socket, status: number, headers: readonly string[], body: Buffer | string): void {
  const bodyLength = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`;
  for (let i = 0; i < headers.length; i += 2) {
    const value = headers[i + 1]!;
    // Nor is such a value written: it must never reach the wire as it is.
    if (INVALID_VALUE.test(value)) throw new TypeError(`Invalid character in header content ["${headers[i]}"]`);
    head += `${headers[i]}: ${value}\r\n`;
  }
  head += `Content-Length: ${bodyLength}\r\n\r\n`;
  if (bodyLength <= COPY_UP_TO) {
    // The head is latin1 (header values may hold bytes 0x80-0xff), the body its own bytes.
    const whole = Buffer.allocUnsafe(head.length + bodyLength);
    whole.write(head, 0, 'latin1');
    if (typeof body === 'string') whole.write(body, head.length, 'utf8');
    else body.copy(whole, head.length);
    socket.write(whole);
    return;
  }
  socket.cork();
  socket.write(head, 'latin1');
  socket.write(body);
  socket.uncork();
}

/** Whether some LF in `bytes` does not end a CRLF. */
function hasBareLf(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) {
    if (at === 0 || bytes[at - 1] !== 13) return true;
  }
  return false;
}

/** An exchange read by hand: its body is already in full. */
class HandFramedExchange implements Exchange {
  readonly brokenOff = false;
  /** Set while the answer is due: the connection tells it if it goes first. */
  gone?: () => void;
  private answered = false;

  constructor(
    private readonly connection: HandFramedConnection,
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

/** Who serves a request the path takes: it answers through `exchange.reply`, now or later. */
export type ExchangeHandler = (exchange: Exchange) => void;

export interface HandFramedOptions {
  /**
   * The handler for a request this path takes, or undefined to leave it (and the connection from then
   * on) to node:http. Only plainly framed requests with a complete head are offered.
   */
  claim(head: RequestHead): ExchangeHandler | undefined;
  /** Gives the connection to node:http, with the request it did not take unread. */
  handOff(socket: Socket): void;
  /** Names the server in the log line of a handler fault. */
  label: string;
  /** Closes a connection idle this long between requests; 0 or absent: never. */
  idleTimeoutMs?: number;
  /**
   * An answer written while the client's next request is already here is held, and goes out in the
   * same write as the next answer: a client that pipelines did not wait for it. One write fewer for a
   * runtime that posts its response and asks for its next event at once.
   */
  holdAnswersWhilePipelined?: boolean;
}

/**
 * Requests framed by hand on one connection: requests with Content-Length on keep-alive connections, each
 * answer one write. The first request it does not take (chunked, oversized, malformed, or not claimed)
 * hands the connection, that request's bytes first, to node:http for the rest of its life. One request is
 * answered at a time, in order.
 */
class HandFramedConnection {
  private buffered: Buffer = EMPTY;
  /** Chunks come after `buffered`, joined once `buffered` and they hold `needed` bytes (a body arriving in parts). */
  private later: Buffer[] = [];
  private laterBytes = 0;
  private needed = 0;
  private current?: HandFramedExchange;
  private handedOff = false;
  /** Answers are held in the socket (corked) until the next one: see holdAnswersWhilePipelined. */
  private holding = false;
  /** The client shut its side: what it sent is answered, then the connection ends. */
  private ended = false;
  private readonly onData = (chunk: Buffer) => {
    this.later.push(chunk);
    this.laterBytes += chunk.length;
    // A large body comes in many chunks: joined once it is all here, not copied again with each one.
    if (this.current || this.buffered.length + this.laterBytes < this.needed) return;
    this.join();
    this.readRequest();
  };
  private readonly onClose = () => {
    const gone = this.current?.gone;
    this.current = undefined;
    gone?.();
  };
  // A client killed mid-request resets its connection: nothing to answer any more.
  private readonly onError = () => this.socket.destroy();
  // Not while a request is being answered, however long that takes: the answer's write re-arms the timer.
  private readonly onIdle = () => {
    if (!this.current) this.socket.destroy();
  };
  private readonly onEnd = () => {
    this.ended = true;
    if (!this.current) this.socket.end();
  };

  constructor(private readonly socket: Socket, private readonly options: HandFramedOptions) {
    socket.on('data', this.onData);
    socket.on('close', this.onClose);
    socket.on('error', this.onError);
    socket.on('end', this.onEnd);
    // One timer for the connection's life: node re-arms it on every read and write.
    if (options.idleTimeoutMs) {
      socket.on('timeout', this.onIdle);
      socket.setTimeout(options.idleTimeoutMs);
    }
    socket.resume();
  }

  answer(status: number, headers: readonly string[], body: Buffer | string): void {
    this.current = undefined;
    if (this.socket.destroyed) return;
    this.join();
    const hold = this.options.holdAnswersWhilePipelined === true && this.buffered.indexOf(HEAD_END) !== -1;
    try {
      if (hold && !this.holding) {
        this.holding = true;
        this.socket.cork();
      }
      writeAnswer(this.socket, status, headers, body);
    } catch (err) {
      this.fault('answer', err);
      return;
    }
    if (!hold) this.release();
    if (this.buffered.length) this.readRequest();
    if (this.current || this.handedOff) return;
    if (this.ended) this.socket.end();
  }

  private readRequest(): void {
    if (this.handedOff || this.socket.destroyed) return;
    const buffered = this.buffered;
    const headEnd = buffered.indexOf(HEAD_END);
    if (headEnd === -1) {
      // A bare LF may end a head node:http refuses at once: it is left to it, not waited on.
      if (buffered.length > MAX_HEAD_BYTES || hasBareLf(buffered)) this.leave();
      return;
    }
    const head = parseHead(buffered.toString('latin1', 0, headEnd));
    const handler = head && plainlyFramed(head.headers) ? this.options.claim(head) : undefined;
    if (!head || !handler) return this.leave();
    const end = headEnd + HEAD_END.length + head.length;
    if (buffered.length < end) {
      this.needed = end;
      return;
    }
    this.needed = 0;
    const body = buffered.subarray(headEnd + HEAD_END.length, end);
    this.buffered = buffered.length === end ? EMPTY : buffered.subarray(end);
    this.current = new HandFramedExchange(this, head.headers, body);
    try {
      handler(this.current);
    } catch (err) {
      this.fault(`${head.method} ${head.url}`, err);
    }
  }

  /** Everything received so far in `buffered`, one buffer. */
  private join(): void {
    if (this.later.length === 0) return;
    const parts = this.buffered.length === 0 ? this.later : [this.buffered, ...this.later];
    this.buffered = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    this.later = [];
    this.laterBytes = 0;
  }

  /** Held answers go out (with the one just written). */
  private release(): void {
    if (!this.holding) return;
    this.holding = false;
    this.socket.uncork();
  }

  /** A fault in a handler costs this connection (the client sees it reset), never the server. */
  private fault(what: string, err: unknown): void {
    console.error(`${this.options.label}: ${what} failed: ${(err as Error).message}`);
    this.current = undefined;
    this.socket.destroy();
  }

  private leave(): void {
    this.handedOff = true;
    this.release();
    const socket = this.socket;
    socket.off('data', this.onData);
    socket.off('close', this.onClose);
    socket.off('error', this.onError);
    socket.off('end', this.onEnd);
    if (this.options.idleTimeoutMs) {
      socket.off('timeout', this.onIdle);
      socket.setTimeout(0);
    }
    socket.pause();
    this.join();
    if (this.buffered.length) socket.unshift(this.buffered);
    this.buffered = EMPTY;
    this.options.handOff(socket);
  }
}

export function serveHandFramed(socket: Socket, options: HandFramedOptions): void {
  new HandFramedConnection(socket, options);
}
