/** Reads what the front door dispatches on: path, host and the signing service of the credential scope. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Arrival, HostKind } from './surface.js';

const FUNCTION_URL_HOST = /^[a-z0-9]+\.lambda-url\.[a-z0-9-]+\./;

/** The credential is key/date/region/service/aws4_request; anything else is left for authentication to refuse. */
function serviceOf(credential: string | undefined): string | undefined {
  const elements = credential?.replace(/\/+$/, '').split('/');
  return elements?.length === 5 ? elements[3] : undefined;
}

/** The last Authorization header read and its signing name: a keep-alive client sends the same one again. */
let lastAuthorization: string | undefined;
let lastName: string | undefined;

function signingName(headers: IncomingHttpHeaders, rawQuery: string): string | undefined {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    if (authorization !== lastAuthorization) {
      lastName = serviceOf(/Credential=([^,\s]+)/.exec(authorization)?.[1]);
      lastAuthorization = authorization;
    }
    return lastName;
  }
  if (!rawQuery.includes('X-Amz-Credential=')) return undefined;
  const credential = new URLSearchParams(rawQuery).get('X-Amz-Credential');
  return serviceOf(credential ?? undefined);
}

function hostName(headers: IncomingHttpHeaders): string {
  const host = (headers.host ?? '').toLowerCase();
  // An IPv6 literal keeps its brackets; only a trailing :port goes.
  return host.replace(/:\d+$/, '');
}

/** The arrival of a request, from its method, request target and headers (node:http's or the hand-framed path's). */
export function readArrival(method: string, url: string, headers: IncomingHttpHeaders): Arrival {
  const q = url.indexOf('?');
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const name = signingName(headers, rawQuery);
  const target = headers['x-amz-target'];
  return {
    method,
    rawPath: q < 0 ? url : url.slice(0, q),
    rawQuery,
    host: hostName(headers),
    ...(name !== undefined ? { signingName: name } : {}),
    ...(typeof target === 'string' ? { target } : {}),
  };
}

export function hostKind(host: string): HostKind | undefined {
  return FUNCTION_URL_HOST.test(host) ? 'function-url' : undefined;
}
