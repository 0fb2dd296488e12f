/**
 * GET /_lambkin/status[?account=] — what this node is running, for `lambkin status`: functions with
 * their environments (idle, busy), the async queue and the event source mappings, as JSON. With a
 * credentials file the request must be signed and shows the signer's account only; without one
 * `?account=` narrows the answer to one account.
 */
import type { IncomingMessage } from 'node:http';
import type { Authenticator } from './auth/index.js';
import { statusReport, type StatusDeps, type StatusReport } from '../status/report.js';
import { viewedAccount } from './internal-common.js';

export type StatusEndpointDeps = StatusDeps & { auth: Authenticator };

export async function serveStatus(deps: StatusEndpointDeps, req: IncomingMessage, query: URLSearchParams): Promise<StatusReport> {
  return statusReport(deps, await viewedAccount(deps.auth, req, query));
}
