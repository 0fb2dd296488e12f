/**
 * The front door: one listener for every HTTP surface of a node. It picks the surface by path prefix,
 * host, SigV4 signing name and (for unsigned requests) X-Amz-Target, and knows nothing of what a
 * surface does; surfaces know nothing of each other. What no surface claims is answered as AWS
 * answers an unknown operation.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { encodeError, type WireResponse } from '../api/encode.js';
import type { RequestHead } from '../wire/head.js';
import type { ExchangeHandler } from '../wire/hand-framed.js';
import { httpDate } from '../wire/date.js';
import { writeResponse } from '../api/write.js';
import { ServiceException, UnknownOperationException } from '../errors/catalogue.js';
import { hostKind, readArrival } from './arrival.js';
import type { Arrival, Surface } from './surface.js';

export type { Arrival, Surface, SurfaceClaims } from './surface.js';

function claimed(surfaces: readonly Surface[]): (arrival: Arrival) => Surface | undefined {
  // The longest prefix wins: /_lambkin/url/ belongs to function URLs, the rest of /_lambkin/ to the node.
  const prefixed = surfaces.filter((s) => s.claims.pathPrefix !== undefined)
    .sort((a, b) => b.claims.pathPrefix!.length - a.claims.pathPrefix!.length);
  const byHostKind = new Map(surfaces.filter((s) => s.claims.hostKind).map((s) => [s.claims.hostKind!, s]));
  const bySigningName = new Map(surfaces.flatMap((s) => (s.claims.signingNames ?? []).map((n) => [n, s] as const)));
  const byTarget = surfaces.flatMap((s) => (s.claims.targetPrefixes ?? []).map((prefix) => [prefix, s] as const));
  const fallback = surfaces.find((s) => s.claims.default);
  return (arrival) => {
    const byPrefix = prefixed.find((s) => arrival.rawPath.startsWith(s.claims.pathPrefix!));
    if (byPrefix) return byPrefix;
    const kind = hostKind(arrival.host);
    if (kind) return byHostKind.get(kind);
    if (arrival.signingName !== undefined) return bySigningName.get(arrival.signingName);
    const target = arrival.target;
    if (target !== undefined) return byTarget.find(([prefix]) => target.startsWith(prefix))?.[1] ?? fallback;
    return fallback;
  };
}

/** The Lambda API's answer to a path it has no operation for, given here before any body is read. */
function answerUnclaimed(req: IncomingMessage, res: ServerResponse, arrival: Arrival): Promise<void> {
  req.resume();
  const error = new UnknownOperationException(`Unknown operation ${arrival.method} ${arrival.rawPath}`);
  return writeResponse(res, randomUUID(), encodeError(error));
}

/** A surface's fault, answered as AWS answers an internal error so the client is not left waiting. */
function internalFault(surface: Surface | undefined, err: unknown): WireResponse {
  console.error(`lambkin: unexpected error in the ${surface?.name ?? 'front door'}`, err);
  return encodeError(new ServiceException('An internal error occurred in Lambkin. See the server log for details.'));
}

export interface FrontDoor {
  /** A request node:http carried. */
  serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The handler of a request read by hand, if the surface it goes to takes it that way. */
  claimHandFramed(head: RequestHead): ExchangeHandler | undefined;
}

export function createFrontDoor(surfaces: readonly Surface[]): FrontDoor {
  const surfaceFor = claimed(surfaces);
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const arrival = readArrival(req.method ?? 'GET', req.url ?? '/', req.headers);
    const surface = surfaceFor(arrival);
    try {
      if (!surface) return await answerUnclaimed(req, res, arrival);
      await surface.serve(req, res, arrival);
    } catch (err) {
      // A surface answers its own errors; what escapes is a fault, and the socket must not hang.
      const wire = internalFault(surface, err);
      if (res.headersSent) { res.destroy(); return; }
      await writeResponse(res, randomUUID(), wire).catch(() => res.destroy());
    }
  };
  const claimHandFramed = (head: RequestHead): ExchangeHandler | undefined => {
    const arrival = readArrival(head.method, head.url, head.headers);
    const surface = surfaceFor(arrival);
    const handler = surface?.claimHandFramed?.(head, arrival);
    if (!handler) return undefined;
    return (exchange) => {
      handler(exchange).catch((err: unknown) => {
        const wire = internalFault(surface, err);
        const headers = ['x-amzn-RequestId', randomUUID(), 'Date', httpDate(), ...Object.entries(wire.headers).flat()];
        exchange.reply(wire.status, headers, wire.body as Buffer);
      });
    };
  };
  return { serve, claimHandFramed };
}
