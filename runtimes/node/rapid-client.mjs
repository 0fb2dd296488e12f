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

  /** Resolves with { bodyJson, headers } of the next event. */
  async nextInvocation() {
    const { headers, body } = await this.connection.request('GET', `${BASE}/invocation/next`, {});
    return { bodyJson: body.toString('utf8'), headers };
  }

  async post(path, bodyString, headers) {
    await this.connection.request('POST', path, headers ? { ...JSON_BODY, ...headers } : JSON_BODY, bodyString);
  }

  /** Serialises synchronously so an unserialisable result fails the invoke rather than the post. */
  postInvocationResponse(result, id) {
    const body = serialize(result);
    return this.post(`${BASE}/invocation/${encodeURIComponent(id)}/response`, body);
  }

  postInvocationError(error, id) {
    const response = toRapidResponse(error);
    return this.post(`${BASE}/invocation/${encodeURIComponent(id)}/error`, serialize(response), errorTypeHeader(response.errorType));
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
