/** What the front door knows of a request before any surface reads it, and what a surface declares. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Exchange } from '../wire/exchange.js';
import type { RequestHead } from '../wire/head.js';

export interface Arrival {
  method: string;
  rawPath: string;
  rawQuery: string;
  /** The Host header, lower-cased, without its port. */
  host: string;
  /** The service named in the SigV4 credential scope (header or presigned query), when there is one. */
  signingName?: string;
  /** The X-Amz-Target header of JSON-protocol services (`Logs_20140328.GetLogEvents`), when there is one. */
  target?: string;
}

/** The kinds of host name a surface can claim (`<url-id>.lambda-url.<region>.<domain>` for function URLs). */
export type HostKind = 'function-url';

/**
 * The requests one surface answers. The front door tries, in this order: a path prefix, the host's
 * kind, the signing name, an X-Amz-Target prefix (so an unsigned request to a JSON-protocol service
 * gets that service's refusal); any other request goes to the default surface.
 */
export interface SurfaceClaims {
  pathPrefix?: string;
  hostKind?: HostKind;
  signingNames?: readonly string[];
  targetPrefixes?: readonly string[];
  default?: boolean;
}

export interface Surface {
  readonly name: string;
  readonly claims: SurfaceClaims;
  serve(req: IncomingMessage, res: ServerResponse, arrival: Arrival): Promise<void>;
  /**
   * The requests this surface answers from a hand-framed exchange (read whole, answered in one write),
   * skipping node:http: a handler for this one, or undefined to leave it to `serve`.
   */
  claimHandFramed?(head: RequestHead, arrival: Arrival): ((exchange: Exchange) => Promise<void>) | undefined;
}
