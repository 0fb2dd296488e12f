/**
 * A function's answer turned into the HTTP answer of its URL, as AWS infers it: an object with a
 * `statusCode` is a response (status, headers, cookies, body, base64 flag); any other JSON value is a
 * 200 `application/json` body (a string as its text, everything else as compact JSON). A response of
 * the wrong shape is the function's fault: 502.
 */
export interface UrlAnswer {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

const JSON_TYPE = 'application/json';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function inferred(body: string): UrlAnswer {
  return { statusCode: 200, headers: { 'content-type': JSON_TYPE }, cookies: [], body: Buffer.from(body) };
}

function headerValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A `{statusCode, ...}` object as AWS reads it; undefined when its shape is one AWS refuses. */
function shaped(result: Record<string, unknown>): UrlAnswer | undefined {
  const status = typeof result.statusCode === 'string' && /^\d+$/.test(result.statusCode) ? Number(result.statusCode) : result.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const headers: Record<string, string> = {};
  if (result.headers !== undefined && result.headers !== null) {
    if (!isObject(result.headers)) return undefined;
    for (const [name, raw] of Object.entries(result.headers)) {
      const value = headerValue(raw);
      if (value === undefined) return undefined;
      headers[name.toLowerCase()] = value;
    }
  }
  headers['content-type'] ??= JSON_TYPE;
  const cookies = result.cookies ?? [];
  if (!Array.isArray(cookies) || cookies.some((c) => typeof c !== 'string')) return undefined;
  const rawBody = result.body ?? '';
  const bodyText = typeof rawBody === 'string' ? rawBody : JSON.stringify(rawBody);
  if (result.isBase64Encoded !== undefined && typeof result.isBase64Encoded !== 'boolean') return undefined;
  const body = result.isBase64Encoded === true ? Buffer.from(bodyText, 'base64') : Buffer.from(bodyText);
  return { statusCode: status, headers, cookies: cookies as string[], body };
}

/** The URL's answer to a function's successful result; undefined for a shape that makes it a 502. */
export function answerFromResult(payload: Buffer): UrlAnswer | undefined {
  const text = payload.toString('utf8');
  let result: unknown;
  try {
    result = JSON.parse(text);
  } catch {
    return inferred(text);
  }
  if (typeof result === 'string') return inferred(result);
  if (isObject(result) && 'statusCode' in result) return shaped(result);
  return inferred(JSON.stringify(result));
}
