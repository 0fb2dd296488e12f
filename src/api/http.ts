/**
 * The Lambda API's request pipeline: route → read body → authenticate → decode → validate → handler → encode,
 * the same for requests node:http carries and for plain Invokes the hand-framed path reads.
 * Everything AWS-specific about the wire lives here and in decode/encode; handlers see typed values.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { matchRoute } from './router.js';
import { decodeInput } from './decode.js';
import { encodeError, encodeOutput, type WireResponse } from './encode.js';
import { findViolations, formatViolations } from './validate.js';
import { POLICIES, buildFamilies } from './operations/index.js';
import type { FamilyDeps, Handler, RequestContext } from './operations/types.js';
import type { OperationName } from '../model/types.generated.js';
import { LambdaError } from '../errors/base.js';
import {
  NotImplementedException, RequestEntityTooLargeException, ServiceException, UnknownOperationException, ValidationException,
} from '../errors/catalogue.js';
import { writeResponse } from './write.js';
import type { Authenticator } from './auth/index.js';
import type { Exchange } from '../wire/exchange.js';
import type { RequestHead } from '../wire/head.js';
import { httpDate } from '../wire/date.js';
import type { Arrival } from '../front-door/surface.js';

/** The families' components, and the authenticator in front of them. */
export type LambdaApiDeps = Omit<FamilyDeps, 'dependants'> & { auth: Pick<Authenticator, 'authenticate'> };

const NO_QUERY = new URLSearchParams();

/** AWS's general request size ceiling (the one it quotes for CreateFunction). */
const DEFAULT_MAX_BODY = 70_167_211;

/** `closeConnection`: the body was too large even to drain, so the connection cannot be reused. */
class BodyTooLarge extends Error {
  constructor(readonly closeConnection: boolean) { super('request body too large'); }
}

/**
 * An oversized body is read to its end and dropped rather than cut off: closing a socket with unread
 * data resets it, and the client never sees the 413. Past DRAIN_LIMIT the connection is closed instead.
 */
const DRAIN_LIMIT = 256 * 1024 * 1024;

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  return new Promise((resolve, reject) => {
    if (declared > max) {
      // Known from the length alone: answer now and let Node drop the body as it arrives, keeping the
      // connection (closing it with unread data would reset it before the client reads the 413).
      req.resume();
      reject(new BodyTooLarge(declared > DRAIN_LIMIT));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) reject(new BodyTooLarge(true));
    });
    req.on('end', () => {
      if (tooLarge) reject(new BodyTooLarge(false));
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/** What the pipeline reads of a request, whichever path carried it. */
interface ApiRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  /** The whole body, or a BodyTooLarge rejection. */
  readBody(max: number): Promise<Buffer>;
  /** The request is refused before its body is read: it is drained. */
  skipBody(): void;
}

/** An answer to write; `closeConnection`: the body was too large even to drain. */
interface ApiAnswer { requestId: string; wire: WireResponse; closeConnection: boolean }

/** The requests the hand-framed path may carry: plain Invoke, whose answer is never streamed. */
const HAND_FRAMED_PATH = /^\/2015-03-31\/functions\/[^/]+\/invocations$/;
const HAND_FRAMED_MAX_BODY = POLICIES.Invoke?.maxBody?.bytes ?? DEFAULT_MAX_BODY;

/** The Lambda API surface behind the front door; its families are built and started once, here. */
export function createLambdaApi(deps: LambdaApiDeps) {
  const handlers = buildFamilies(deps);

  async function answer(request: ApiRequest): Promise<ApiAnswer> {
    const requestId = randomUUID();
    const { method, rawPath, rawQuery, headers } = request;
    let closeConnection = false;
    try {
      // Only read from here on: requests without a query share one empty instance.
      const query = rawQuery === '' ? NO_QUERY : new URLSearchParams(rawQuery);
      const route = matchRoute(method, rawPath, query);
      if (!route) {
        request.skipBody();
        throw new UnknownOperationException(`Unknown operation ${method} ${rawPath}`);
      }
      const operation = route.operation as OperationName;
      const policy = POLICIES[operation] ?? {};
      const maxBody = policy.maxBody?.bytes ?? DEFAULT_MAX_BODY;
      let body: Buffer;
      try {
        body = await request.readBody(maxBody);
      } catch (err) {
        if (!(err instanceof BodyTooLarge)) throw err;
        closeConnection = err.closeConnection;
        throw policy.maxBody?.error() ??
          new RequestEntityTooLargeException(`Request must be smaller than ${maxBody} bytes for the ${operation} operation`);
      }
      const caller = await deps.auth.authenticate({ method, rawPath, rawQuery, headers, body });
      const input = decodeInput(route, query, headers, body);
      const violations = findViolations(operation, input, policy.skipValidation);
      if (violations.length) throw new ValidationException(formatViolations(violations));
      const handler = handlers[operation] as Handler<typeof operation> | undefined;
      if (!handler) throw new NotImplementedException(`Lambkin does not implement the ${operation} operation yet.`);
      const ctx: RequestContext = {
        requestId, operation, caller, scope: { accountId: caller.accountId, region: caller.region },
      };
      const output = await handler(ctx, input as never);
      return { requestId, wire: encodeOutput(route.spec, output), closeConnection };
    } catch (err) {
      return { requestId, wire: encodeError(err instanceof LambdaError ? err : internalError(err)), closeConnection };
    }
  }

  /** A request node:http carried: its answer may be streamed. */
  async function serve(req: IncomingMessage, res: ServerResponse, { rawPath, rawQuery }: { rawPath: string; rawQuery: string }): Promise<void> {
    const { requestId, wire, closeConnection } = await answer({
      method: req.method ?? 'GET', rawPath, rawQuery, headers: req.headers,
      readBody: (max) => readBody(req, max), skipBody: () => void req.resume(),
    });
    if (closeConnection) res.setHeader('Connection', 'close');
    try {
      await writeResponse(res, requestId, wire);
    } catch (err) {
      if (res.headersSent) { res.destroy(); return; }
      await writeResponse(res, requestId, encodeError(internalError(err)));
    }
  }

  /** A request the hand-framed path read whole: answered in one write. */
  async function serveExchange(exchange: Exchange, { method, rawPath, rawQuery }: Arrival): Promise<void> {
    const { requestId, wire } = await answer({
      method, rawPath, rawQuery, headers: exchange.headers,
      async readBody(max) {
        const { body, size } = await exchange.readBody(max);
        if (size > max) throw new BodyTooLarge(false);
        return body;
      },
      skipBody: () => exchange.discard(),
    });
    const headers = ['x-amzn-RequestId', requestId, 'Date', httpDate()];
    for (const name in wire.headers) headers.push(name, wire.headers[name]!);
    exchange.reply(wire.status, headers, Buffer.isBuffer(wire.body) ? wire.body : await wholeBody(wire.body));
  }

  /** Plain Invoke with a body within its limit goes by hand; anything else to node:http. */
  function claimHandFramed(head: RequestHead, arrival: Arrival): ((exchange: Exchange) => Promise<void>) | undefined {
    if (head.method !== 'POST' || head.length > HAND_FRAMED_MAX_BODY || !HAND_FRAMED_PATH.test(arrival.rawPath)) return undefined;
    return (exchange) => serveExchange(exchange, arrival);
  }

  return { serve, claimHandFramed };
}

/** A body the encoder streams, whole: an answer by hand is one write. */
async function wholeBody(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function internalError(err: unknown): LambdaError {
  console.error('lambkin: unexpected error', err);
  return new ServiceException('An internal error occurred in Lambkin. See the server log for details.');
}
