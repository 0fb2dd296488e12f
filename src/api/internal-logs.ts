/**
 * GET /_lambkin/logs/{function}?account=&region=&stream=&limit=&follow=1 — a function's log events as
 * JSON lines (`{logStreamName, timestamp, message}`); with follow=1 the answer stays open and streams
 * new events as they are written.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import { FUNCTION_KIND, type FunctionDoc } from '../control/functions/records.js';

export async function serveLogs(app: App, req: IncomingMessage, res: ServerResponse, functionName: string, query: URLSearchParams): Promise<void> {
  const accountId = query.get('account') ?? app.config.accountId;
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
