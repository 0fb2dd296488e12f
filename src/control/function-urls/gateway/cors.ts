/**
 * A URL's Cors config applied by the gateway itself: a preflight (OPTIONS with Origin and
 * Access-Control-Request-Method) is answered without invoking the function, and every other answer to
 * an allowed origin carries the configured Access-Control-* headers over whatever the function set.
 */
import type { Cors } from '../../../model/types.generated.js';

export interface Preflight {
  statusCode: number;
  headers: Record<string, string>;
}

const lower = (list: readonly string[] | undefined) => (list ?? []).map((v) => v.toLowerCase());

/** The Access-Control-Allow-Origin value for this origin, or undefined when the config does not allow it. */
function allowedOrigin(cors: Cors, origin: string): string | undefined {
  const origins = lower(cors.AllowOrigins);
  if (origins.includes(origin.toLowerCase())) return origin;
  if (!origins.includes('*')) return undefined;
  // A credentialed answer may not say '*'; it names the origin instead.
  return cors.AllowCredentials ? origin : '*';
}

function common(cors: Cors, allowOrigin: string): Record<string, string> {
  return {
    'access-control-allow-origin': allowOrigin,
    ...(cors.AllowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    vary: 'Origin',
  };
}

export function isPreflight(method: string, headers: Record<string, string | string[] | undefined>): boolean {
  return method === 'OPTIONS' && typeof headers.origin === 'string' && typeof headers['access-control-request-method'] === 'string';
}

/** The gateway's answer to a preflight; its Access-Control-* headers only where the config allows the request. */
export function answerPreflight(cors: Cors, origin: string, requestMethod: string, requestHeaders: string | undefined): Preflight {
  const allowOrigin = allowedOrigin(cors, origin);
  const methods = lower(cors.AllowMethods);
  const methodAllowed = methods.includes('*') || methods.includes(requestMethod.toLowerCase());
  if (!allowOrigin || !methodAllowed) return { statusCode: 200, headers: {} };
  const allowHeaders = lower(cors.AllowHeaders);
  const requested = (requestHeaders ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const headers: Record<string, string> = {
    ...common(cors, allowOrigin),
    'access-control-allow-methods': methods.includes('*') ? requestMethod.toUpperCase() : (cors.AllowMethods ?? []).join(','),
  };
  const grantedHeaders = allowHeaders.includes('*') ? requested : requested.filter((h) => allowHeaders.includes(h));
  if (grantedHeaders.length) headers['access-control-allow-headers'] = grantedHeaders.join(',');
  if (cors.MaxAge !== undefined) headers['access-control-max-age'] = String(cors.MaxAge);
  return { statusCode: 200, headers };
}

/** Headers laid over the function's answer to a request from an allowed origin (none otherwise). */
export function corsResponseHeaders(cors: Cors | undefined, origin: string | undefined): Record<string, string> {
  if (!cors || origin === undefined) return {};
  const allowOrigin = allowedOrigin(cors, origin);
  if (!allowOrigin) return {};
  const expose = cors.ExposeHeaders ?? [];
  return { ...common(cors, allowOrigin), ...(expose.length ? { 'access-control-expose-headers': expose.join(',') } : {}) };
}
