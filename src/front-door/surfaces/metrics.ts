/**
 * GET /_lambkin/metrics — Prometheus text exposition of this node's metrics. AWS has no such endpoint;
 * it is treated as the other /_lambkin/ reads are: without a credentials file anyone may scrape
 * everything (`?account=` narrows it), with one the scrape must be SigV4-signed by a known key and sees
 * only the signer's account.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../../api/auth/index.js';
import { checkAccountParam, sendError, signerAccount } from '../../api/internal-common.js';
import { LambdaError } from '../../errors/base.js';
import { EXPOSITION_CONTENT_TYPE, type PrometheusMetrics } from '../../metrics/prometheus/index.js';
import type { Surface } from '../surface.js';

export const METRICS_PATH = '/_lambkin/metrics';

export interface MetricsSurfaceDeps {
  auth: Authenticator;
  metrics: Pick<PrometheusMetrics, 'scrape'>;
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(text);
  res.writeHead(status, { 'Content-Type': headers['Content-Type'] ?? 'text/plain; charset=utf-8', 'Content-Length': body.length, ...headers });
  res.end(body);
}

async function scraperAccount(auth: Authenticator, req: IncomingMessage, query: URLSearchParams): Promise<string | undefined> {
  if (auth.verifying) return signerAccount(auth, req);
  const account = query.get('account');
  return account === null ? undefined : checkAccountParam(account);
}

async function serveMetrics(deps: MetricsSurfaceDeps, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  req.resume();
  if (path !== METRICS_PATH) return sendText(res, 404, JSON.stringify({ message: `No Lambkin endpoint at ${path}` }), { 'Content-Type': 'application/json' });
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, `${req.method} is not allowed on ${METRICS_PATH}\n`, { Allow: 'GET, HEAD' });
  try {
    const accountId = await scraperAccount(deps.auth, req, query);
    sendText(res, 200, await deps.metrics.scrape(accountId), { 'Content-Type': EXPOSITION_CONTENT_TYPE });
  } catch (err) {
    if (!(err instanceof LambdaError)) throw err;
    sendError(res, err);
  }
}

export function metricsSurface(deps: MetricsSurfaceDeps): Surface {
  return {
    name: 'metrics',
    claims: { pathPrefix: METRICS_PATH },
    serve: (req, res, arrival) => serveMetrics(deps, req, res, arrival.rawPath, new URLSearchParams(arrival.rawQuery)),
  };
}
