// The Lambda Runtime API (2018-06-01) over one kept-alive HTTP connection.
import { createRequire } from 'node:module';
import { RuntimeConnection } from './connection.mjs';
import { toRapidResponse } from './errors.mjs';

// node:http only for streamed responses: loading it is off every other invoke's cold start.
const require = createRequire(import.meta.url);
const BASE = '/2018-06-01/runtime';
const JSON_BODY = { 'Content-Type': 'application/json' };
export const ERROR_TYPE_HEADER = 'Lambda-Runtime-Function-Error-Type';

function serialize(body) {
  try {
    return JSON.stringify(body === undefined ? null : body);
  } catch {
    throw new Error('Unable to stringify response body');
  }
}

// A header value must be visible ASCII; an exotic error name is still reported, in the body only.
function errorTypeHeader(errorType) {
  return typeof errorType === 'string' && /^[\t\x20-\x7e]+$/.test(errorType) ? { [ERROR_TYPE_HEADER]: errorType } : {};
}

export class RuntimeApiClient {
  constructor(hostPort) {
    const [hostname, port] = String(hostPort).split(':');
    this.hostname = hostname;
    this.port = parseInt(port, 10);
    this.connection = new RuntimeConnection(this.hostname, this.port);
  }

  /** Resolves with { bodyJson, headers } of the next event (asked for already when a post said `thenNext`). */
  nextInvocation() {
    const next = this.upcoming ?? this.requestNext();
    this.upcoming = undefined;
    return next;
  }

  requestNext() {
    return this.connection.request('GET', `${BASE}/invocation/next`, {}).then(({ headers, body }) => ({ bodyJson: body.toString('utf8'), headers }));
  }

  /**
   * With `thenNext` (the runtime goes on to the next event once this is posted) the next event is asked
   * for in the same write: no round trip for the 202 first. Never for a post the process exits after,
   * or the server would hand the next event to a runtime on its way out.
   */
  post(path, bodyString, headers, thenNext) {
    const posted = this.connection.request('POST', path, headers ? { ...JSON_BODY, ...headers } : JSON_BODY, bodyString);
    if (thenNext) {
      this.upcoming = this.requestNext();
      // Rejected with the connection before anyone awaits it: that is reported when it is awaited.
      this.upcoming.catch(() => {});
    }
    return posted.then(() => {});
  }

  /** Serialises synchronously so an unserialisable result fails the invoke rather than the post. */
  postInvocationResponse(result, id, { thenNext = false } = {}) {
    const body = serialize(result);
    return this.post(`${BASE}/invocation/${encodeURIComponent(id)}/response`, body, undefined, thenNext);
  }

  postInvocationError(error, id, { thenNext = false } = {}) {
    const response = toRapidResponse(error);
    return this.post(`${BASE}/invocation/${encodeURIComponent(id)}/error`, serialize(response), errorTypeHeader(response.errorType), thenNext);
  }

  postInitError(error) {
    const response = toRapidResponse(error);
    return this.post(`${BASE}/init/error`, serialize(response), errorTypeHeader(response.errorType));
  }

  /** Opens the chunked POST a streaming handler writes into (node:http: it streams a body of unknown length). */
  streamingRequest(id, headers, onResponse) {
    const { Agent, request } = require('node:http');
    this.streamingAgent ??= new Agent({ keepAlive: true, maxSockets: 1 });
    return request(
      { hostname: this.hostname, port: this.port, method: 'POST', path: `${BASE}/invocation/${encodeURIComponent(id)}/response`, headers, agent: this.streamingAgent },
      onResponse,
    );
  }

  /** Drops its connections. */
  close() {
    this.connection.close();
    this.streamingAgent?.destroy();
  }
}
