/**
 * The payload format 2.0 event a function URL hands its function, built from the HTTP request as AWS
 * builds it: lower-cased headers with repeated ones joined by commas, cookies apart, repeated query keys
 * joined by commas, and a body that is base64 unless its content type is text.
 */
import { randomBytes } from 'node:crypto';

export interface UrlHttpRequest {
  method: string;
  /** Path as received, still percent-encoded, without the query string. */
  rawPath: string;
  /** Query string as received, without '?'. */
  rawQuery: string;
  /** Node's `rawHeaders`: name, value, name, value… in arrival order. */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  /** 'HTTP/1.1' */
  protocol: string;
}

/** The SigV4 caller of an AWS_IAM URL, as `requestContext.authorizer.iam` shows it. */
export interface IamCaller {
  accessKey: string;
  accountId: string;
  userArn: string;
  userId: string;
}

export interface UrlEventContext {
  urlId: string;
  /** The host the URL is served on, as the client named it (without the port). */
  domainName: string;
  /** The port the client connected to, as x-forwarded-port tells the function. */
  port: string;
  requestId: string;
  now: Date;
  iam?: IamCaller;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** `dd/MMM/yyyy:HH:mm:ss +0000`, as requestContext.time is written. */
export function requestTime(now: Date): string {
  return `${pad(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}:`
    + `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`;
}

/** Hop-by-hop headers never reach the function. */
const DROPPED = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade', 'te', 'trailer']);

function eventHeaders(rawHeaders: readonly string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    if (DROPPED.has(name)) continue;
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((c) => c.trim()).filter((c) => c !== ''));
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return { headers, cookies };
}

function queryParameters(rawQuery: string): Record<string, string> | undefined {
  if (rawQuery === '') return undefined;
  const joined: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQuery)) {
    joined[key] = joined[key] === undefined ? value : `${joined[key]},${value}`;
  }
  return Object.keys(joined).length ? joined : undefined;
}

/** Content types whose bodies reach the function as text; every other body (or none named) is base64. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type.startsWith('text/') || /[/+]json$/.test(type) || /[/+]xml$/.test(type) || type === 'application/javascript';
}

function traceId(now: Date): string {
  return `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

export function buildUrlEvent(req: UrlHttpRequest, ctx: UrlEventContext): Record<string, unknown> {
  const { headers, cookies } = eventHeaders(req.rawHeaders);
  headers['x-amzn-trace-id'] ??= traceId(ctx.now);
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${req.sourceIp}` : req.sourceIp;
  headers['x-forwarded-port'] = ctx.port;
  headers['x-forwarded-proto'] = 'http';
  const query = queryParameters(req.rawQuery);
  const text = isTextContentType(headers['content-type']);
  const requestContext: Record<string, unknown> = {
    accountId: ctx.iam ? ctx.iam.accountId : 'anonymous',
    apiId: ctx.urlId,
    ...(ctx.iam ? { authorizer: { iam: { ...ctx.iam, callerId: ctx.iam.userId, cognitoIdentity: null, principalOrgId: null } } } : {}),
    domainName: ctx.domainName,
    domainPrefix: ctx.urlId,
    http: {
      method: req.method,
      path: req.rawPath,
      protocol: req.protocol,
      sourceIp: req.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: ctx.requestId,
    routeKey: '$default',
    stage: '$default',
    time: requestTime(ctx.now),
    timeEpoch: ctx.now.getTime(),
  };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: req.rawPath,
    rawQueryString: req.rawQuery,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext,
    ...(req.body.length ? { body: text ? req.body.toString('utf8') : req.body.toString('base64') } : {}),
    isBase64Encoded: req.body.length > 0 && !text,
  };
}
