/**
 * The CloudWatch request pipeline: read body → authenticate for `monitoring` → decode in the request's
 * protocol → operation over the caller's account and region → encode in the same protocol.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Authenticator } from '../api/auth/index.js';
import { LambdaError } from '../errors/base.js';
import { CloudWatchError, invalidAction, serializationError, unknownOperation } from './errors.js';
import { operationNamed, type CloudWatchDeps } from './operations.js';
import { jsonProtocol } from './protocols/json.js';
import { queryProtocol } from './protocols/query.js';
import { rpcV2CborProtocol } from './protocols/rpcv2-cbor.js';
import type { WireAnswer, WireProtocol, WireRequest } from './protocols/wire.js';

export const SIGNING_NAME = 'monitoring';
/** Far above what 500 metric queries take; a larger body is refused without being kept. */
const MAX_BODY = 1024 * 1024;

const PROTOCOLS: readonly WireProtocol[] = [rpcV2CborProtocol, jsonProtocol, queryProtocol];

export type CloudWatchApiDeps = CloudWatchDeps & { auth: Pick<Authenticator, 'authenticate'> };

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** A query-protocol service names the authentication refusals by these codes; the JSON `__type` keeps the shared name. */
const QUERY_AUTH_CODES: Readonly<Record<string, string>> = {
  InvalidSignatureException: 'SignatureDoesNotMatch',
  UnrecognizedClientException: 'InvalidClientTokenId',
  MissingAuthenticationTokenException: 'MissingAuthenticationToken',
};

/** Authentication refuses with the Lambda API's errors; CloudWatch words them the same. */
function asCloudWatchError(err: unknown): CloudWatchError {
  if (err instanceof CloudWatchError) return err;
  if (err instanceof LambdaError) return new CloudWatchError(QUERY_AUTH_CODES[err.code] ?? err.code, err.code, err.status, err.message);
  if (err instanceof BodyTooLarge) return new CloudWatchError('RequestEntityTooLarge', 'RequestEntityTooLarge', 413, 'Request size exceeded 1048576 bytes');
  console.error('lambkin: unexpected error in CloudWatch', err);
  return new CloudWatchError('InternalServiceError', 'InternalServiceFault', 500, 'An internal error occurred in Lambkin. See the server log for details.', 'Receiver');
}

function write(res: ServerResponse, requestId: string, answer: WireAnswer): void {
  res.writeHead(answer.status, { 'x-amzn-RequestId': requestId, ...answer.headers, 'Content-Length': String(answer.body.length) });
  res.end(answer.body);
}

export function createCloudWatchApi(deps: CloudWatchApiDeps) {
  const now = deps.now ?? Date.now;
  return async (req: IncomingMessage, res: ServerResponse, { rawPath, rawQuery }: { rawPath: string; rawQuery: string }): Promise<void> => {
    const requestId = randomUUID();
    const wire: WireRequest = { method: req.method ?? 'GET', rawPath, headers: req.headers, body: Buffer.alloc(0) };
    const protocol = PROTOCOLS.find((p) => p.matches(wire)) ?? queryProtocol;
    try {
      wire.body = await readBody(req);
      const caller = await deps.auth.authenticate({ method: wire.method, rawPath, rawQuery, headers: req.headers, body: wire.body, service: SIGNING_NAME });
      if (wire.method !== 'POST') throw serializationError(`CloudWatch answers POST requests, not ${wire.method}.`);
      const { operation: name, input } = protocol.decode(wire);
      const operation = name === undefined ? undefined : operationNamed(name);
      if (!operation) throw protocol === queryProtocol ? invalidAction(name ?? '') : unknownOperation();
      const output = operation({ ...deps, now }, { accountId: caller.accountId, region: caller.region }, input);
      write(res, requestId, protocol.encodeOutput(name!, output, requestId));
    } catch (err) {
      write(res, requestId, protocol.encodeError(asCloudWatchError(err), requestId));
    }
  };
}
