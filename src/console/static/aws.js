// The calls the page makes: the Lambda REST API, the console's own endpoints and CloudWatch
// GetMetricData, all on this origin and all signed with the session's keys.
import { signRequest } from './sigv4.js';

const KEY = 'lambkin-console-session';
/** Without a credentials file any key is accepted: this one selects the default account. */
const DEFAULT_MODE_KEY = { accessKeyId: 'lambkin-console', secretAccessKey: 'unchecked' };

export class AwsError extends Error {
  constructor(status, type, message) {
    super(message);
    this.status = status;
    this.type = type;
  }
  toString() {
    return `${this.type}: ${this.message}`;
  }
}

export const session = {
  mode: { credentialsRequired: false, defaultRegion: 'us-east-1' },
  get saved() {
    try { return JSON.parse(sessionStorage.getItem(KEY) ?? 'null'); } catch { return null; }
  },
  save(value) { sessionStorage.setItem(KEY, JSON.stringify(value)); },
  clear() { sessionStorage.removeItem(KEY); },
  get credentials() {
    const s = this.saved;
    return s?.accessKeyId ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } : DEFAULT_MODE_KEY;
  },
  get region() { return this.saved?.region ?? this.mode.defaultRegion; },
  get hasKeys() { return Boolean(this.saved?.accessKeyId); },
};

export async function loadMode() {
  const res = await fetch('/_lambkin/console/api/mode');
  session.mode = await res.json();
  return session.mode;
}

/** `path` segments are encoded here, once; query values may be anything. */
export function encodePath(segments) {
  return `/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
}

async function errorOf(res) {
  const text = await res.text();
  let body = {};
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  const type = (res.headers.get('x-amzn-errortype') ?? body.__type ?? body.Type ?? 'Error').split(':')[0].split('#').pop();
  return new AwsError(res.status, type, body.message ?? body.Message ?? text ?? res.statusText);
}

/** A signed request; resolves to the Response when it is 2xx, rejects with an AwsError otherwise. */
export async function signedFetch(method, rawPath, { query = {}, body, headers = {}, service = 'lambda', signal } = {}) {
  const params = Object.entries(query).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]);
  const auth = await signRequest({
    method, host: location.host, rawPath, params, body: body ?? '', credentials: session.credentials, region: session.region, service,
  });
  const search = params.length ? `?${new URLSearchParams(params).toString().replace(/\+/g, '%20')}` : '';
  const res = await fetch(rawPath + search, { method, headers: { ...headers, ...auth }, body, signal });
  if (!res.ok) throw await errorOf(res);
  return res;
}

export async function lambda(method, segments, options = {}) {
  const res = await signedFetch(method, encodePath(segments), options);
  if (res.status === 204) return {};
  const text = await res.text();
  return text ? JSON.parse(text) : {};
}

export async function consoleApi(method, segments, options = {}) {
  return lambda(method, ['_lambkin', 'console', 'api', ...segments], options);
}

/** Every page of a List operation. */
export async function listAll(segments, member, query = {}) {
  const items = [];
  let marker;
  do {
    const page = await lambda('GET', segments, { query: { ...query, Marker: marker } });
    items.push(...(page[member] ?? []));
    marker = page.NextMarker;
  } while (marker);
  return items;
}

/** CloudWatch GetMetricData in JSON 1.0, as the SDKs send it. */
export async function getMetricData(input) {
  const body = JSON.stringify(input);
  const res = await signedFetch('POST', '/', {
    body, service: 'monitoring',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.GetMetricData' },
  });
  return res.json();
}
