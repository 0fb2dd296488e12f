/** GET requests from the CLI to a running Lambkin's /_lambkin/ endpoints, signed when the environment has AWS credentials. */
import { request, type IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import type { Config } from '../config.js';
import { CommandError } from './spec.js';

export type NodeTarget = Pick<Config, 'host' | 'port' | 'region'>;

/** The host to connect to: a server listening on every address is reached on loopback. */
export function targetHost(target: NodeTarget): string {
  return target.host === '0.0.0.0' ? '127.0.0.1' : target.host;
}

/** Signs with the AWS credentials of the environment, when there are any (needed with --credentials). */
async function signedHeaders(target: NodeTarget, path: string, query: Record<string, string>): Promise<Record<string, string>> {
  const host = targetHost(target);
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  const hostHeader = `${host}:${target.port}`;
  if (!accessKeyId || !secretAccessKey) return { host: hostHeader };
  const signer = new SignatureV4({
    service: 'lambda', region: target.region, sha256: Hash.bind(null, 'sha256'),
    credentials: { accessKeyId, secretAccessKey, ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}) },
  });
  const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: host, port: target.port, path, query, headers: { host: hostHeader } });
  return signed.headers as Record<string, string>;
}

/** A refusal as AWS words it: `ErrorType: message` (first line of the message). */
export function refusalLine(res: IncomingMessage, body: string): string {
  let message = body;
  try {
    const parsed = JSON.parse(body) as { message?: string; Message?: string };
    message = parsed.message ?? parsed.Message ?? message;
  } catch { /* not JSON */ }
  const header = res.headers['x-amzn-errortype'];
  const type = (Array.isArray(header) ? header[0] : header)?.split(':')[0];
  return `${type ?? `HTTP ${res.statusCode}`}: ${message.split('\n')[0]}`;
}

export function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (body += c));
    res.on('end', () => resolve(body));
    res.on('error', reject);
  });
}

/** Answers with a 200 response to read; any other status is a CommandError with AWS's wording. */
export async function getFromNode(target: NodeTarget, path: string, query: Record<string, string>): Promise<IncomingMessage> {
  const host = targetHost(target);
  const headers = await signedHeaders(target, path, query);
  const search = new URLSearchParams(query).toString();
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request({ host, port: target.port, path: search ? `${path}?${search}` : path, headers }, resolve);
    req.on('error', (err: NodeJS.ErrnoException) => reject(new UnreachableError(`cannot reach Lambkin at ${host}:${target.port}: ${err.code ?? err.message}`)));
    req.end();
  });
  if (res.statusCode !== 200) throw new CommandError(refusalLine(res, await readBody(res)));
  return res;
}

/** Nothing answered at the address (not started yet, or wrong port). */
export class UnreachableError extends CommandError {}
