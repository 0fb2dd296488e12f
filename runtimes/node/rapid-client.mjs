// The Lambda Runtime API (2018-06-01) over one kept-alive HTTP connection.
import { Agent, request } from 'node:http';
import { toRapidResponse } from './errors.mjs';

const BASE = '/2018-06-01/runtime';
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
    this.agent = new Agent({ keepAlive: true, maxSockets: 1 });
  }

  requestOptions(method, path, headers) {
    return { hostname: this.hostname, port: this.port, method, path, headers, agent: this.agent };
  }

  /** Resolves with { bodyJson, headers } of the next event. */
  nextInvocation() {
    return new Promise((resolveNext, reject) => {
      const req = request(this.requestOptions('GET', `${BASE}/invocation/next`), (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolveNext({ bodyJson: body, headers: res.headers }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  post(path, bodyString, headers = {}) {
    return new Promise((resolvePost, reject) => {
      const req = request(
        this.requestOptions('POST', path, {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(bodyString),
          ...headers,
        }),
        (res) => {
          res.on('data', () => {});
          res.on('end', resolvePost);
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(bodyString, 'utf8');
    });
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

  /** Opens the chunked POST a streaming handler writes into. */
  streamingRequest(id, headers, onResponse) {
    return request(
      this.requestOptions('POST', `${BASE}/invocation/${encodeURIComponent(id)}/response`, headers),
      onResponse,
    );
  }
}
