/**
 * A RESPONSE_STREAM URL's answer as the function writes it. A stream marked with
 * `awslambda.HttpResponseStream.from` starts with a JSON prelude ({statusCode, headers, cookies}) and
 * eight NUL bytes; the head goes out once the prelude is complete, every later byte as it comes.
 */
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const DELIMITER = Buffer.alloc(8);

export interface StreamHead {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
}

export interface StreamSink {
  head(head: StreamHead): void;
  body(bytes: Buffer): void;
}

const DEFAULT_HEAD: StreamHead = { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, cookies: [] };

function headOf(prelude: Buffer): StreamHead | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(prelude.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const p = parsed as { statusCode?: unknown; headers?: unknown; cookies?: unknown };
  const statusCode = p.statusCode === undefined ? 200 : p.statusCode;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  const headers: Record<string, string> = {};
  if (typeof p.headers === 'object' && p.headers !== null) {
    for (const [k, v] of Object.entries(p.headers)) if (typeof v === 'string' || typeof v === 'number') headers[k.toLowerCase()] = String(v);
  }
  headers['content-type'] ??= 'application/octet-stream';
  const cookies = Array.isArray(p.cookies) ? p.cookies.filter((c): c is string => typeof c === 'string') : [];
  return { statusCode, headers, cookies };
}

/** Feeds chunks in; calls `head` once, then `body` for every byte after the prelude. False once the prelude is malformed. */
export class StreamedAnswer {
  private pending: Buffer | undefined;
  private started = false;
  private failed = false;

  constructor(private readonly sink: StreamSink) {}

  get headSent(): boolean { return this.started; }
  /** A prelude begun but never finished, or a malformed one: the URL answers 502. */
  get unusable(): boolean { return this.failed || (!this.started && this.pending !== undefined); }

  push(chunk: Buffer, contentType: string | undefined): boolean {
    if (this.failed) return false;
    if (this.started) {
      if (chunk.length) this.sink.body(chunk);
      return true;
    }
    if (contentType !== HTTP_INTEGRATION_CONTENT_TYPE) {
      this.start(DEFAULT_HEAD, chunk);
      return true;
    }
    this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const at = this.pending.indexOf(DELIMITER);
    if (at < 0) return true;
    const head = headOf(this.pending.subarray(0, at));
    if (!head) {
      this.failed = true;
      return false;
    }
    this.start(head, this.pending.subarray(at + DELIMITER.length));
    this.pending = undefined;
    return true;
  }

  private start(head: StreamHead, rest: Buffer): void {
    this.started = true;
    this.sink.head(head);
    if (rest.length) this.sink.body(rest);
  }
}
