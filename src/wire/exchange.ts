import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * One request and its one answer, whether node:http carried it or the hand-framed path did
 * (src/wire/hand-framed.ts). Handlers that take an exchange work the same on both.
 */
export interface Exchange {
  /** Lower-cased names, as node:http gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The whole body: at most `limit` bytes kept, `size` counts all of it. */
  readBody(limit: number): Promise<{ body: Buffer; size: number }>;
  /** The body as a stream, with trailers: set only for requests node:http carries. */
  readonly stream?: IncomingMessage;
  /** The body is not wanted: it is drained. */
  discard(): void;
  /** The client broke the request off before its body was complete. */
  readonly brokenOff: boolean;
  /** `headers` as a flat name, value list; Content-Length is added. */
  reply(status: number, headers: readonly string[], body: Buffer | string): void;
  /** Called if the connection goes before the answer is written (at most once). */
  onGone(listener: () => void): void;
}
