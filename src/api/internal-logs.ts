/**
 * GET /_lambkin/logs/{function}?account=&region=&stream=&limit=&follow=1 — a function's log events as
 * JSON lines (`{logStreamName, timestamp, message}`); with follow=1 the answer stays open and streams
 * new events as they are written. A name that is neither a function nor has logs is AWS's 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigDep, StoreDep } from '../control/deps.js';
import type { Engine } from '../engine/index.js';
import type { Authenticator } from './auth/index.js';

/** Who is asking, where the function lives, and the engine's log store. */
export type LogsDeps = StoreDep & ConfigDep & { auth: Authenticator; engine: Pick<Engine, 'logs'> };
import { FUNCTION_KIND, type FunctionDoc } from '../control/functions/records.js';
import { functionNotFound } from '../control/arn.js';
import { LambdaError } from '../errors/base.js';
import { InvalidParameterValueException } from '../errors/catalogue.js';
import { FUNCTION_NAME_PATTERN, REGION_PATTERN } from '../safe-path.js';
import { checkAccountParam, sendError, signerAccount } from './internal-common.js';

/** Account, region and name become a path in the log store: each must be what it claims to be. */
function checkLogTarget(accountId: string, region: string, functionName: string): void {
  checkAccountParam(accountId);
  if (!REGION_PATTERN.test(region)) {
    throw new InvalidParameterValueException(`Invalid region: ${JSON.stringify(region)}. A region is an AWS region name, e.g. us-east-1.`);
  }
  if (!FUNCTION_NAME_PATTERN.test(functionName)) {
    throw new InvalidParameterValueException(`Invalid function name: ${JSON.stringify(functionName)}. A function name is 1 to 64 letters, digits, hyphens or underscores.`);
  }
}

/**
 * With a credentials file, logs are an account's own: the request must be signed and the signer's
 * account is the one read. Without one, as for the API, any account may be named.
 */
async function readerAccount(app: LogsDeps, req: IncomingMessage, query: URLSearchParams): Promise<string> {
  if (!app.auth.verifying) return query.get('account') ?? app.config.accountId;
  return signerAccount(app.auth, req);
}

export async function serveLogs(app: LogsDeps, req: IncomingMessage, res: ServerResponse, functionName: string, query: URLSearchParams): Promise<void> {
  let accountId: string;
  const region = query.get('region') ?? app.config.region;
  try {
    accountId = await readerAccount(app, req, query);
    checkLogTarget(accountId, region, functionName);
  } catch (err) {
    if (!(err instanceof LambdaError)) throw err;
    sendError(res, err);
    return;
  }
  const stored = await app.store.get<FunctionDoc>(FUNCTION_KIND, { accountId, region }, functionName);
  const group = stored?.doc.latest.config.LoggingConfig?.LogGroup ?? `/aws/lambda/${functionName}`;
  // Logs outlive their function, as in CloudWatch; a name with neither is a mistake worth saying.
  if (!stored && (await app.engine.logs.listStreams(accountId, region, group)).length === 0) {
    sendError(res, functionNotFound({ accountId, region, name: functionName }));
    return;
  }
  const stream = query.get('stream') ?? undefined;
  const limit = query.has('limit') ? Number(query.get('limit')) : undefined;
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  const past = await app.engine.logs.readEvents(accountId, region, group, {
    ...(stream ? { stream } : {}), ...(limit !== undefined && Number.isFinite(limit) ? { limit } : {}),
  });
  for (const event of past) res.write(`${JSON.stringify(event)}\n`);
  if (query.get('follow') !== '1') {
    res.end();
    return;
  }
  const abort = new AbortController();
  req.socket.once('close', () => abort.abort());
  for await (const event of app.engine.logs.follow(accountId, region, group, { ...(stream ? { stream } : {}), signal: abort.signal })) {
    res.write(`${JSON.stringify(event)}\n`);
  }
  res.end();
}
