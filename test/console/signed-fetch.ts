/** Requests to the console's endpoints signed as an SDK signs a Lambda request (real @smithy/signature-v4). */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface Keys { accessKeyId: string; secretAccessKey: string }

export async function signedFetch(base: string, method: string, path: string, keys: Keys, options: { query?: Record<string, string>; body?: string; signal?: AbortSignal } = {}): Promise<Response> {
  const url = new URL(path, base);
  const signer = new SignatureV4({ service: 'lambda', region: 'us-east-1', credentials: keys, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(new HttpRequest({
    method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname,
    query: options.query ?? {}, headers: { host: url.host }, ...(options.body !== undefined ? { body: options.body } : {}),
  }));
  const search = new URLSearchParams(options.query ?? {}).toString().replace(/\+/g, '%20');
  return fetch(`${url.origin}${url.pathname}${search ? `?${search}` : ''}`, {
    method, headers: signed.headers as Record<string, string>,
    ...(options.body !== undefined ? { body: options.body } : {}), ...(options.signal ? { signal: options.signal } : {}),
  });
}
