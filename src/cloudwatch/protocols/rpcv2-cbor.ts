/** Smithy RPC v2 CBOR (`POST /service/GraniteServiceVersion20100801/operation/<Operation>`), what boto3 sends. */
import { serializationError, type CloudWatchError } from '../errors.js';
import type { Members } from '../input.js';
import { CborError, decodeCbor, encodeCbor, type CborValue } from './cbor.js';
import { headerValue, queryErrorHeader, shapeType, type WireAnswer, type WireProtocol, type WireRequest } from './wire.js';

const PATH = /^\/service\/GraniteServiceVersion20100801\/operation\/([A-Za-z0-9]+)$/;

function answer(status: number, body: CborValue, extra: Record<string, string> = {}): WireAnswer {
  return {
    status,
    headers: { 'Content-Type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor', ...extra },
    body: encodeCbor(body),
  };
}

export const rpcV2CborProtocol: WireProtocol = {
  name: 'rpc-v2-cbor',
  matches: (req) => headerValue(req, 'smithy-protocol') === 'rpc-v2-cbor' || req.rawPath.startsWith('/service/'),
  decode(req: WireRequest) {
    const operation = PATH.exec(req.rawPath)?.[1];
    let input: CborValue = {};
    if (req.body.length > 0) {
      try {
        input = decodeCbor(req.body);
      } catch (err) {
        if (err instanceof CborError) throw serializationError(err.message);
        throw err;
      }
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input) || input instanceof Date || input instanceof Uint8Array) {
      throw serializationError('Expected a CBOR map as the request body.');
    }
    return { operation, input: input as Members };
  },
  encodeOutput: (_operation, output) => answer(200, output as CborValue),
  encodeError: (error: CloudWatchError) =>
    answer(error.status, { __type: shapeType(error), message: error.message }, { 'x-amzn-query-error': queryErrorHeader(error) }),
};
