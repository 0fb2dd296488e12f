/**
 * Function URLs: `<url-id>.lambda-url.<region>.localhost[:port]` by Host header, and
 * `/_lambkin/url/<url-id>/...` (the node's own region) for clients that cannot set Host. Each request
 * becomes a payload 2.0 event, runs through the invoke path, and the function's answer becomes HTTP.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Authenticator } from '../../api/auth/index.js';
import type { Config } from '../../config.js';
import { LambdaError } from '../../errors/base.js';
import type { Scope } from '../../store/types.js';
import { resolveInvoke, runResolved, type InvokeDeps } from '../../control/invoke/run.js';
import { SYNC_PAYLOAD_LIMIT } from '../../control/invoke/payload.js';
import { findByUrlId } from '../../control/function-urls/lookup.js';
import { partitionOf } from '../../control/arn.js';
import type { FunctionUrlDoc } from '../../control/function-urls/records.js';
import { buildUrlEvent, type IamCaller } from '../../control/function-urls/gateway/event.js';
import { answerFromResult, type UrlAnswer } from '../../control/function-urls/gateway/response.js';
import {
  badGateway, forbidden, requestTooLarge, throttled, urlNotFound, type UrlFailure,
} from '../../control/function-urls/gateway/errors.js';
import { urlCallAllowed } from '../../control/function-urls/gateway/authorize.js';
import { StreamedAnswer } from '../../control/function-urls/gateway/stream.js';
import { answerPreflight, corsResponseHeaders, isPreflight } from '../../control/function-urls/gateway/cors.js';
import type { Arrival, Surface } from '../surface.js';

export const URL_PATH_PREFIX = '/_lambkin/url/';

export type FunctionUrlDeps = InvokeDeps & { auth: Authenticator; config: Pick<Config, 'region'> };

const URL_HOST = /^([a-z0-9]+)\.lambda-url\.([a-z0-9-]+)\./;
const URL_ID = /^[a-z0-9]{1,64}$/;

interface Target { urlId: string; region: string; path: string }

function targetOf(arrival: Arrival, defaultRegion: string): Target | undefined {
  if (arrival.rawPath.startsWith(URL_PATH_PREFIX)) {
    const rest = arrival.rawPath.slice(URL_PATH_PREFIX.length);
    const slash = rest.indexOf('/');
    const urlId = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase();
    return URL_ID.test(urlId) ? { urlId, region: defaultRegion, path: slash < 0 ? '/' : rest.slice(slash) } : undefined;
  }
  const m = URL_HOST.exec(arrival.host);
  return m ? { urlId: m[1]!, region: m[2]!, path: arrival.rawPath } : undefined;
}

/** The body, or undefined once it outgrows what one invocation may carry (the rest is drained). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}

/** `cors`: the URL's Access-Control-* headers for this request, laid over the function's own. */
function send(res: ServerResponse, requestId: string, answer: UrlAnswer | UrlFailure, cors: Record<string, string> = {}): void {
  res.statusCode = answer.statusCode;
  res.setHeader('x-amzn-RequestId', requestId);
  if ('cookies' in answer) {
    for (const [name, value] of Object.entries({ ...answer.headers, ...cors })) res.setHeader(name, value);
    if (answer.cookies.length) res.setHeader('set-cookie', answer.cookies);
    res.setHeader('content-length', answer.body.length);
    res.end(answer.body);
    return;
  }
  res.setHeader('content-type', 'application/json');
  for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
  if (answer.errorType) res.setHeader('x-amzn-ErrorType', answer.errorType);
  const body = Buffer.from(answer.body);
  res.setHeader('content-length', body.length);
  res.end(body);
}

const headerText = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(',') : v);

/** The SigV4 caller of an AWS_IAM URL, or undefined when the signature does not stand. */
async function signedCaller(auth: Authenticator, req: IncomingMessage, arrival: Arrival, body: Buffer): Promise<IamCaller | undefined> {
  if (arrival.signingName !== 'lambda') return undefined;
  try {
    const caller = await auth.authenticate({ method: arrival.method, rawPath: arrival.rawPath, rawQuery: arrival.rawQuery, headers: req.headers, body });
    const userArn = `arn:${partitionOf(caller.region)}:iam::${caller.accountId}:root`;
    return { accessKey: caller.accessKeyId, accountId: caller.accountId, userArn, userId: caller.accountId };
  } catch (err) {
    if (err instanceof LambdaError) return undefined;
    throw err;
  }
}

function failureOf(err: unknown): UrlFailure {
  if (!(err instanceof LambdaError)) throw err;
  if (err.code === 'TooManyRequestsException') return throttled();
  // The function or alias went away under the URL: AWS stops serving it.
  if (err.code === 'ResourceNotFoundException') return forbidden();
  return badGateway();
}

function run(deps: FunctionUrlDeps, scope: Scope, url: FunctionUrlDoc, event: Buffer, requestId: string, onStreamChunk?: (chunk: Buffer, type?: string) => void) {
  return resolveInvoke(deps, scope, url.functionName, url.qualifier).then((resolved) => runResolved(deps, resolved, {
    caller: scope, functionName: url.functionName, ...(url.qualifier ? { qualifier: url.qualifier } : {}),
    payload: event, requestId, tailLogs: false, ...(onStreamChunk ? { onStreamChunk } : {}),
  }));
}

async function invoke(deps: FunctionUrlDeps, scope: Scope, url: FunctionUrlDoc, event: Buffer, requestId: string): Promise<UrlAnswer | UrlFailure> {
  try {
    const { result } = await run(deps, scope, url, event, requestId);
    if (result.functionError) return badGateway();
    return answerFromResult(result.payload) ?? badGateway();
  } catch (err) {
    return failureOf(err);
  }
}

/**
 * RESPONSE_STREAM: the head goes out with the function's first bytes (after its prelude, if any) and
 * every later chunk as it is written. An error before any output is an HTTP error as in BUFFERED; one
 * after it cuts the connection, so the client sees an incomplete answer rather than a finished one.
 */
async function invokeStreaming(
  deps: FunctionUrlDeps, scope: Scope, url: FunctionUrlDoc, event: Buffer, requestId: string, res: ServerResponse, cors: Record<string, string>,
): Promise<void> {
  const answer = new StreamedAnswer({
    head(head) {
      res.statusCode = head.statusCode;
      res.setHeader('x-amzn-RequestId', requestId);
      for (const [name, value] of Object.entries({ ...head.headers, ...cors })) res.setHeader(name, value);
      if (head.cookies.length) res.setHeader('set-cookie', head.cookies);
      res.flushHeaders();
    },
    body: (bytes) => { res.write(bytes); },
  });
  try {
    const { result } = await run(deps, scope, url, event, requestId, (chunk, type) => { answer.push(chunk, type); });
    const failed = result.functionError !== undefined || result.streamed?.errorCode !== undefined;
    if (answer.headSent) {
      if (failed) res.destroy();
      else res.end();
      return;
    }
    if (failed || answer.unusable) return send(res, requestId, badGateway(), cors);
    // A handler that did not stream answers as a buffered one would.
    send(res, requestId, answerFromResult(result.payload) ?? badGateway(), cors);
  } catch (err) {
    if (answer.headSent) { res.destroy(); return; }
    send(res, requestId, failureOf(err), cors);
  }
}

async function serveUrl(deps: FunctionUrlDeps, req: IncomingMessage, res: ServerResponse, arrival: Arrival): Promise<void> {
  const requestId = randomUUID();
  const target = targetOf(arrival, deps.config.region);
  const found = target && await findByUrlId(deps, target.region, target.urlId);
  if (!target || !found) {
    req.resume();
    return send(res, requestId, urlNotFound());
  }
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  if (found.doc.cors && isPreflight(arrival.method, req.headers)) {
    // Answered here, before any signature or policy check: browsers never sign a preflight.
    req.resume();
    const answer = answerPreflight(found.doc.cors, origin!, String(req.headers['access-control-request-method']), headerText(req.headers['access-control-request-headers']));
    return send(res, requestId, { ...answer, cookies: [], body: Buffer.alloc(0) });
  }
  const cors = corsResponseHeaders(found.doc.cors, origin);
  const body = await readBody(req, SYNC_PAYLOAD_LIMIT);
  if (!body) return send(res, requestId, requestTooLarge(SYNC_PAYLOAD_LIMIT), cors);
  const iam = found.doc.authType === 'AWS_IAM' ? await signedCaller(deps.auth, req, arrival, body) : undefined;
  if (found.doc.authType === 'AWS_IAM' && !iam) return send(res, requestId, forbidden(), cors);
  if (!await urlCallAllowed(deps, found.scope, found.doc, iam?.accountId)) return send(res, requestId, forbidden(), cors);
  const hostPort = /:(\d+)$/.exec(req.headers.host ?? '')?.[1] ?? String(req.socket.localPort ?? '');
  const event = buildUrlEvent({
    method: arrival.method, rawPath: target.path, rawQuery: arrival.rawQuery, rawHeaders: req.rawHeaders, body,
    sourceIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''), protocol: `HTTP/${req.httpVersion}`,
  }, { urlId: target.urlId, domainName: arrival.host, port: hostPort, requestId, now: new Date(), ...(iam ? { iam } : {}) });
  const payload = Buffer.from(JSON.stringify(event));
  if (payload.length > SYNC_PAYLOAD_LIMIT) return send(res, requestId, requestTooLarge(SYNC_PAYLOAD_LIMIT), cors);
  if (found.doc.invokeMode === 'RESPONSE_STREAM') return invokeStreaming(deps, found.scope, found.doc, payload, requestId, res, cors);
  send(res, requestId, await invoke(deps, found.scope, found.doc, payload, requestId), cors);
}

/** Claims both the host kind and the path prefix; the front door routes them here ahead of /_lambkin/. */
export function functionUrlSurfaces(deps: FunctionUrlDeps): Surface[] {
  const serve = (req: IncomingMessage, res: ServerResponse, arrival: Arrival) => serveUrl(deps, req, res, arrival);
  return [
    { name: 'function-urls', claims: { hostKind: 'function-url' }, serve },
    { name: 'function-urls', claims: { pathPrefix: URL_PATH_PREFIX }, serve },
  ];
}
