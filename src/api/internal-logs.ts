/**
 * GET /_lambkin/logs/{function}?account=&region=&stream=&limit=&follow=1 — a function's log events as
 * JSON lines (`{logStreamName, timestamp, message}`); with follow=1 the answer stays open and streams
 * new events as they are written.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigDep, StoreDep } from '../control/deps.js';
import type { Engine } from '../engine/index.js';
import type { Authenticator } from './auth/index.js';

/** Who is asking, where the function lives, and the engine's log store. */
export type LogsDeps = StoreDep & ConfigDep & { auth: Authenticator; engine: Pick<Engine, 'logs'> };
import { FUNCTION_KIND, type FunctionDoc } from '../control/functions/records.js';
import { LambdaError } from '../errors/base.js';
import { encodeError } from './encode.js';

/**
 * With a credentials file, logs are an account's own: the request must be signed and the signer's
 * account is the one read. Without one, as for the API, any account may be named.
 */
async function readerAccount(app: LogsDeps, req: IncomingMessage, query: URLSearchParams): Promise<string> {
  if (!app.auth.verifying) return query.get('account') ?? app.config.accountId;
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const caller = await app.auth.authenticate({
    method: req.method ?? 'GET', rawPath: q < 0 ? url : url.slice(0, q), rawQuery: q < 0 ? '' : url.slice(q + 1),
    headers: req.headers, body: Buffer.alloc(0),
  });
  return caller.accountId;
}

export async function serveLogs(app: LogsDeps, req: IncomingMessage, res: ServerResponse, functionName: string, query: URLSearchParams): Promise<void> {
  let accountId: string;
  try {
    accountId = await readerAccount(app, req, query);
  } catch (err) {
    if (!(err instanceof LambdaError)) throw err;
    const wire = encodeError(err);
    res.writeHead(wire.status, wire.headers);
    res.end(wire.body as Buffer);
    return;
  }
  const region = query.get('region') ?? app.config.region;
  const stored = await app.store.get<FunctionDoc>(FUNCTION_KIND, { accountId, region }, functionName);
  const group = stored?.doc.latest.config.LoggingConfig?.LogGroup ?? `/aws/lambda/${functionName}`;
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
