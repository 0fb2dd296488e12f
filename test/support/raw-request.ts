/** Signed raw HTTP requests to a test server, for asserting the wire itself (status, headers, body bytes). */
import { request } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface RawResponse { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; json(): unknown }

export interface RawRequest {
  method?: string;
  /** Path as put on the wire, with its query string. */
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Send without any signature. */
  unsigned?: boolean;
  /** The service to sign for (default `lambda`). */
  service?: string;
}

async function sign(url: URL, r: RawRequest, body: Buffer): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: r.service ?? 'lambda', region: 'us-east-1', sha256: Hash.bind(null, 'sha256'),
    credentials: { accessKeyId: r.accessKeyId ?? 'AKIDEXAMPLE', secretAccessKey: r.secretAccessKey ?? 'secret' },
  });
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => { query[k] = v; });
  const signed = await signer.sign(new HttpRequest({
    method: r.method ?? 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query,
    // A test may declare another length than it sends (to reach a size limit without sending the bytes).
    headers: { host: url.host, ...(body.length ? { 'content-length': String(body.length) } : {}), ...(r.headers ?? {}) },
    body,
  }));
  return signed.headers;
}

export async function rawRequest(baseUrl: string, r: RawRequest): Promise<RawResponse> {
  const url = new URL(r.path, baseUrl);
  const body = r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body);
  const headers = r.unsigned ? { ...(r.headers ?? {}) } : await sign(url, r, body);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: r.method ?? 'GET', headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const data = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data, json: () => JSON.parse(data.toString('utf8')) });
      });
    });
    // A server may answer (413) and close before it has read a large body: the answer still counts,
    // but a connection that closes without one fails the request instead of leaving it pending.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    req.on('close', () => answered || reject(new Error('the connection closed without an answer')));
    req.setTimeout(60_000, () => req.destroy(new Error('no answer in 60 s')));
    req.end(body);
  });
}
