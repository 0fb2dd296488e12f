/** What AWS checks of an invocation's input before the function runs: size, JSON payload, client context. */
import { InvalidRequestContentException, RequestTooLargeException } from '../../errors/catalogue.js';
import type { LambdaError } from '../../errors/base.js';
import { jacksonMessage } from '../../errors/jackson.js';

/** Synchronous request limit (Invoke, InvokeWithResponseStream). */
export const SYNC_PAYLOAD_LIMIT = 6_291_456;
/** Asynchronous (Event) payload limit. */
export const ASYNC_PAYLOAD_LIMIT = 1_048_576;

export function payloadTooLarge(limit: number): LambdaError {
  return new RequestTooLargeException(`Request must be smaller than ${limit} bytes for the InvokeFunction operation`);
}

const EMPTY_EVENT = Buffer.from('{}');

/** The event the function receives: the payload as sent (`{}` when empty), refused when it is not JSON. */
export function checkedPayload(raw: Uint8Array | undefined): Buffer {
  if (!raw || raw.length === 0) return EMPTY_EVENT;
  const payload = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const text = payload.toString('utf8');
  try {
    JSON.parse(text);
  } catch {
    throw new InvalidRequestContentException(`Could not parse request body into json: Could not parse payload into json: ${jacksonMessage(text)}`);
  }
  return payload;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Callers send the client context base64-encoded; the runtime receives it as JSON text. */
export function decodedClientContext(raw: string): string {
  const invalid = () => new InvalidRequestContentException('Client context must be a valid Base64-encoded JSON object.');
  if (!BASE64.test(raw)) throw invalid();
  const text = Buffer.from(raw, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid();
  // It travels to the runtime as a header: a line break, which valid JSON holds only as whitespace
  // between tokens, would end the header.
  return text.replace(/[\r\n]+/g, ' ');
}
