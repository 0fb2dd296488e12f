/** AWS JSON 1.0 (`X-Amz-Target: GraniteServiceVersion20100801.<Operation>`), what the JS SDK sends. Timestamps are epoch seconds. */
import { serializationError, type CloudWatchError } from '../errors.js';
import type { Members } from '../input.js';
import { headerValue, queryErrorHeader, shapeType, type WireAnswer, type WireProtocol, type WireRequest } from './wire.js';

export const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';

function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}

function answer(status: number, body: unknown, extra: Record<string, string> = {}): WireAnswer {
  return { status, headers: { 'Content-Type': CONTENT_TYPE, ...extra }, body: Buffer.from(JSON.stringify(body)) };
}

export const jsonProtocol: WireProtocol = {
  name: 'json',
  matches: (req) => headerValue(req, 'x-amz-target') !== undefined,
  decode(req: WireRequest) {
    const target = headerValue(req, 'x-amz-target')!;
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
    let input: unknown = {};
    if (req.body.length > 0) {
      try {
        input = JSON.parse(req.body.toString('utf8'));
      } catch {
        throw serializationError('Start of structure or map found where not expected.');
      }
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw serializationError('Start of structure or map found where not expected.');
    return { operation, input: input as Members };
  },
  encodeOutput: (_operation, output) => answer(200, toWire(output)),
  encodeError: (error: CloudWatchError) =>
    answer(error.status, { __type: shapeType(error), message: error.message }, { 'x-amzn-query-error': queryErrorHeader(error) }),
};
