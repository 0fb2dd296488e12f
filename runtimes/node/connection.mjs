// One kept-alive HTTP/1.1 connection to the Runtime API, requests pipelined in order, framed by hand.
// node:http's client objects, agent and parser cost more CPU per invoke than the whole invoke loop
// around them; the Runtime API answers with Content-Length (or chunked) and nothing exotic.
import { connect } from 'node:net';

const HEAD_END = Buffer.from('\r\n\r\n');

class ConnectionLost extends Error {}

/** Parses one response out of `buffer`; undefined until it is complete. */
function parseResponse(buffer) {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd === -1) return undefined;
  const head = buffer.toString('latin1', 0, headEnd);
  // "HTTP/1.1 200 OK": the status is the three digits after the first space.
  const firstSpace = head.indexOf(' ');
  const status = Number(head.slice(firstSpace + 1, firstSpace + 4));
  const headers = {};
  for (let start = head.indexOf('\r\n') + 2; start > 1; ) {
    const end = head.indexOf('\r\n', start);
    const line = end === -1 ? head.slice(start) : head.slice(start, end);
    const colon = line.indexOf(':');
    if (colon > 0) {
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      const earlier = headers[name];
      headers[name] = earlier === undefined ? value : `${earlier}, ${value}`;
    }
    start = end + 2;
  }
  const bodyStart = headEnd + HEAD_END.length;
  if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) return parseChunked(buffer, bodyStart, status, headers);
  const length = Number(headers['content-length'] ?? 0);
  if (buffer.length - bodyStart < length) return undefined;
  return { status, headers, body: buffer.subarray(bodyStart, bodyStart + length), rest: buffer.subarray(bodyStart + length) };
}

function parseChunked(buffer, start, status, headers) {
  const parts = [];
  let at = start;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd === -1) return undefined;
    const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
    if (size === 0) {
      // Trailers (none expected) end with an empty line.
      const end = buffer.indexOf(HEAD_END, lineEnd);
      if (end === -1) return undefined;
      return { status, headers, body: Buffer.concat(parts), rest: buffer.subarray(end + HEAD_END.length) };
    }
    if (buffer.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

export class RuntimeConnection {
  constructor(hostname, port) {
    this.hostname = hostname;
    this.port = port;
    this.hostHeader = `${hostname}:${port}`;
    this.socket = undefined;
    this.buffer = Buffer.alloc(0);
    /** Requests written and not yet answered, oldest first: the server answers them in order. */
    this.inFlight = [];
    /** Requests made in this turn, written together at its end (a response and the next `next`: one write). */
    this.unsent = '';
    // Connected now: the server's check of who opened the connection runs alongside the function's
    // init instead of in front of the first request.
    this.open();
    this.socket.unref();
  }

  /** Resolves with { status, headers, body } (body a Buffer). `body` is a string, sent as UTF-8. */
  request(method, path, headers, body) {
    return new Promise((resolve, reject) => {
      let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\n`;
      for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
      const text = body === undefined ? `${head}\r\n` : `${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      if (!this.socket) this.open();
      if (this.inFlight.length === 0) this.socket.ref();
      this.inFlight.push({ resolve, reject });
      // nextTick, not queueMicrotask: that one wraps its callback in an async scope each time.
      if (this.unsent === '') process.nextTick(() => this.flush());
      this.unsent += text;
    });
  }

  close() {
    this.socket?.destroy();
    this.socket = undefined;
  }

  flush() {
    const text = this.unsent;
    this.unsent = '';
    if (text && this.socket) this.socket.write(text, 'utf8');
  }

  open() {
    const socket = connect({ host: this.hostname, port: this.port, noDelay: true });
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const response = this.inFlight.length > 0 ? parseResponse(this.buffer) : undefined;
        if (!response) return;
        this.buffer = response.rest;
        const { resolve } = this.inFlight.shift();
        // Idle, it must not keep the process alive: handlers rely on the loop draining ('beforeExit').
        if (this.inFlight.length === 0) socket.unref();
        resolve(response);
      }
    });
    const lost = (err) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      // Whatever was written on it is lost with it; a later request opens a fresh connection.
      const pending = this.inFlight;
      this.inFlight = [];
      this.unsent = '';
      for (const { reject } of pending) reject(err ?? new ConnectionLost('the Runtime API closed the connection'));
    };
    socket.on('error', lost);
    socket.on('close', () => lost());
  }
}
