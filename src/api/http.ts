/**
 * The Lambda API's request pipeline: route → read body → authenticate → decode → validate → handler → encode.
 * Everything AWS-specific about the wire lives here and in decode/encode; handlers see typed values.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { matchRoute } from './router.js';
import { decodeInput } from './decode.js';
import { encodeError, encodeOutput } from './encode.js';
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

/** The Lambda API surface behind the front door; its families are built and started once, here. */
export function createLambdaApi(deps: LambdaApiDeps) {
  const handlers = buildFamilies(deps);
  return async (req: IncomingMessage, res: ServerResponse, { rawPath, rawQuery }: { rawPath: string; rawQuery: string }): Promise<void> => {
    const requestId = randomUUID();
    try {
      // Only read from here on: requests without a query share one empty instance.
      const query = rawQuery === '' ? NO_QUERY : new URLSearchParams(rawQuery);
      const route = matchRoute(req.method ?? 'GET', rawPath, query);
      if (!route) {
        req.resume();
        throw new UnknownOperationException(`Unknown operation ${req.method} ${rawPath}`);
      }
      const operation = route.operation as OperationName;
      const policy = POLICIES[operation] ?? {};
      const maxBody = policy.maxBody?.bytes ?? DEFAULT_MAX_BODY;
      let body: Buffer;
      try {
        body = await readBody(req, maxBody);
      } catch (err) {
        if (!(err instanceof BodyTooLarge)) throw err;
        if (err.closeConnection) res.setHeader('Connection', 'close');
        throw policy.maxBody?.error() ??
          new RequestEntityTooLargeException(`Request must be smaller than ${maxBody} bytes for the ${operation} operation`);
      }
      const caller = await deps.auth.authenticate({ method: req.method ?? 'GET', rawPath, rawQuery, headers: req.headers, body });
      const input = decodeInput(route, query, req.headers, body);
      const violations = findViolations(operation, input, policy.skipValidation);
      if (violations.length) throw new ValidationException(formatViolations(violations));
      const handler = handlers[operation] as Handler<typeof operation> | undefined;
      if (!handler) throw new NotImplementedException(`Lambkin does not implement the ${operation} operation yet.`);
      const ctx: RequestContext = {
        requestId, operation, caller, scope: { accountId: caller.accountId, region: caller.region },
      };
      const output = await handler(ctx, input as never);
      await writeResponse(res, requestId, encodeOutput(route.spec, output));
    } catch (err) {
      const error = err instanceof LambdaError ? err : internalError(err);
      if (res.headersSent) { res.destroy(); return; }
      await writeResponse(res, requestId, encodeError(error));
    }
  };
}

function internalError(err: unknown): LambdaError {
  console.error('lambkin: unexpected error', err);
  return new ServiceException('An internal error occurred in Lambkin. See the server log for details.');
}
