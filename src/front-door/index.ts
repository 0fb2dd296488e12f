/**
 * The front door: one listener for every HTTP surface of a node. It picks the surface by path prefix,
 * host, SigV4 signing name and (for unsigned requests) X-Amz-Target, and knows nothing of what a
 * surface does; surfaces know nothing of each other. What no surface claims is answered as AWS
 * answers an unknown operation.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { encodeError } from '../api/encode.js';
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

export function createFrontDoor(surfaces: readonly Surface[]) {
  const surfaceFor = claimed(surfaces);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const arrival = readArrival(req);
    const surface = surfaceFor(arrival);
    try {
      if (!surface) return await answerUnclaimed(req, res, arrival);
      await surface.serve(req, res, arrival);
    } catch (err) {
      // A surface answers its own errors; what escapes is a fault, and the socket must not hang.
      console.error(`lambkin: unexpected error in the ${surface?.name ?? 'front door'}`, err);
      if (res.headersSent) { res.destroy(); return; }
      const error = new ServiceException('An internal error occurred in Lambkin. See the server log for details.');
      await writeResponse(res, randomUUID(), encodeError(error)).catch(() => res.destroy());
    }
  };
}
