/**
 * GET /_lambkin/event-source-mappings[/<uuid>] — every mapping this node knows (or one), with its
 * poller's state, counts, lag and last error, as JSON. With a credentials file the request must be
 * signed and shows the signer's account only, as the logs endpoint does; without one `?account=`
 * narrows the answer to one account.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigDep } from '../control/deps.js';
import type { Authenticator } from './auth/index.js';
import type { SourceManager } from '../sources/manager.js';
import { LambdaError } from '../errors/base.js';
import { ResourceNotFoundException } from '../errors/catalogue.js';
import { sendError, viewedAccount } from './internal-common.js';

export type MappingStatusDeps = ConfigDep & { auth: Authenticator; sourceManager: Pick<SourceManager, 'status' | 'settled'> };

function sendJson(res: ServerResponse, body: unknown): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': data.length });
  res.end(data);
}

export async function serveMappingStatus(
  app: MappingStatusDeps, req: IncomingMessage, res: ServerResponse, uuid: string | undefined, query: URLSearchParams,
): Promise<void> {
  try {
    const accountId = await viewedAccount(app.auth, req, query);
    // What was committed before the request is reflected in the answer.
    await app.sourceManager.settled();
    const filter = { ...(accountId !== undefined ? { accountId } : {}), ...(uuid !== undefined ? { uuid } : {}) };
    const mappings = app.sourceManager.status(filter);
    if (uuid === undefined) return sendJson(res, { eventSourceMappings: mappings });
    if (!mappings[0]) throw new ResourceNotFoundException('The resource you requested does not exist.');
    return sendJson(res, mappings[0]);
  } catch (err) {
    if (!(err instanceof LambdaError)) throw err;
    sendError(res, err);
  }
}
