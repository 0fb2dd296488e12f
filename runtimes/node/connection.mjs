// One kept-alive HTTP/1.1 connection to the Runtime API, requests one at a time, framed by hand.
// node:http's client objects, agent and parser cost more CPU per invoke than the whole invoke loop
// around them; the Runtime API answers with Content-Length (or chunked) and nothing exotic.
import { connect } from 'node:net';

const HEAD_END = Buffer.from('\r\n\r\n');

class ConnectionLost extends Error {}

/** Parses one response out of `buffer`; undefined until it is complete. */
function parseResponse(buffer) {
  const headEnd = buffer.indexOf(HEAD_END);
  if (headEnd === -1) return undefined;
  const lines = buffer.toString('latin1', 0, headEnd).split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon <= 0) continue;
    const name = lines[i].slice(0, colon).trim().toLowerCase();
    const value = lines[i].slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
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
    /** The request on the wire, and those waiting for it to be answered. */
    this.current = undefined;
    this.queue = [];
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
      this.queue.push({ text, resolve, reject });
      if (!this.current) this.sendNext();
    });
  }

  close() {
    this.socket?.destroy();
    this.socket = undefined;
  }

  sendNext() {
    this.current = this.queue.shift();
    if (!this.current) {
      // Idle, it must not keep the process alive: handlers rely on the loop draining ('beforeExit').
      this.socket?.unref();
      return;
    }
    if (!this.socket) this.open();
    this.socket.ref();
    this.socket.write(this.current.text, 'utf8');
  }

  open() {
    const socket = connect({ host: this.hostname, port: this.port, noDelay: true });
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      const response = this.current && parseResponse(this.buffer);
      if (!response) return;
      this.buffer = response.rest;
      const { resolve } = this.current;
      this.current = undefined;
      resolve(response);
      this.sendNext();
    });
    const lost = (err) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      const pending = this.current;
      this.current = undefined;
      pending?.reject(err ?? new ConnectionLost('the Runtime API closed the connection'));
      // Requests queued behind it get a fresh connection.
      if (this.queue.length) this.sendNext();
    };
    socket.on('error', lost);
    socket.on('close', () => lost());
  }
}
