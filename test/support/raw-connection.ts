/** One raw keep-alive connection to a test server, for asserting HTTP/1.1 framing on the wire itself. */
import { connect, type Socket } from 'node:net';

export interface Answer { status: number; head: string; headers: Record<string, string>; body: string }

/** One raw connection that reads answers framed by Content-Length or chunked, in order. */
export class RawConnection {
  private buffered = Buffer.alloc(0);
  private waiting: Array<(answer: Answer) => void> = [];
  readonly closed: Promise<void>;
  readonly socket: Socket;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      for (let answer = this.take(); answer; answer = this.take()) this.waiting.shift()!(answer);
    });
    this.closed = new Promise((resolve) => this.socket.on('close', () => resolve()));
  }

  private take(): Answer | undefined {
    const end = this.buffered.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const head = this.buffered.toString('latin1', 0, end);
    const headers: Record<string, string> = {};
    for (const line of head.split('\r\n').slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    let at = end + 4;
    let body: Buffer;
    if (headers['transfer-encoding'] === 'chunked') {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = this.buffered.indexOf('\r\n', at);
        if (lineEnd < 0) return undefined;
        const size = parseInt(this.buffered.toString('latin1', at, lineEnd), 16);
        if (this.buffered.length < lineEnd + 2 + size + 2) return undefined;
        parts.push(this.buffered.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
        if (size === 0) break;
      }
      body = Buffer.concat(parts);
    } else {
      const length = Number(headers['content-length'] ?? 0);
      if (this.buffered.length < at + length) return undefined;
      body = this.buffered.subarray(at, at + length);
      at += length;
    }
    this.buffered = this.buffered.subarray(at);
    return { status: Number(head.split(' ')[1]), head, headers, body: body.toString('utf8') };
  }

  /** Writes `text` and resolves the next `answers` answers. */
  send(text: string | Buffer, answers = 1): Promise<Answer[]> {
    const got = Array.from({ length: answers }, () => new Promise<Answer>((resolve) => this.waiting.push(resolve)));
    this.socket.write(text);
    return Promise.all(got);
  }

  close(): void { this.socket.destroy(); }
}

