/** `lambkin logs NAME [--follow]`: prints a function's log events from a running Lambkin. */
import { request } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import type { Config } from './config.js';

interface LogLine { logStreamName: string; timestamp: number; message: string }

/** A failure to report as one line, without a stack. */
export class CommandError extends Error {}

/** Signs the request with the AWS credentials of the environment, when there are any (needed with --credentials). */
async function signedHeaders(config: Config, host: string, path: string, query: Record<string, string>): Promise<Record<string, string>> {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  const hostHeader = `${host}:${config.port}`;
  if (!accessKeyId || !secretAccessKey) return { host: hostHeader };
  const signer = new SignatureV4({
    service: 'lambda', region: config.region, sha256: Hash.bind(null, 'sha256'),
    credentials: { accessKeyId, secretAccessKey, ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}) },
  });
  const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: host, port: config.port, path, query, headers: { host: hostHeader } });
  return signed.headers as Record<string, string>;
}

/** The server's refusal as one line; an unknown function names the account and region it was looked for in. */
function refusal(status: number | undefined, errorType: string | undefined, body: string, functionName: string): string {
  let message = body;
  try {
    const parsed = JSON.parse(body) as { message?: string; Message?: string };
    message = parsed.message ?? parsed.Message ?? message;
  } catch { /* not JSON */ }
  message = message.split('\n')[0]!;
  const where = /^Function not found: arn:[^:]+:lambda:([^:]+):(\d{12}):function:/.exec(message);
  if (errorType === 'ResourceNotFoundException' && where) {
    return `function ${functionName} does not exist in account ${where[2]}, region ${where[1]} (and has no logs there)`;
  }
  return `${errorType ?? `HTTP ${status}`}: ${message}`;
}

export interface LogsOptions {
  follow: boolean;
  /** Only when given: otherwise the server's own default region applies. */
  region?: string | undefined;
}

export async function runLogsCommand(config: Config, functionName: string, options: LogsOptions): Promise<void> {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const basePath = `/_lambkin/logs/${encodeURIComponent(functionName)}`;
  const query: Record<string, string> = {
    account: config.accountId, ...(options.region ? { region: options.region } : {}), ...(options.follow ? { follow: '1' } : {}),
  };
  const path = `${basePath}?${new URLSearchParams(query)}`;
  const headers = await signedHeaders(config, host, basePath, query);
  return new Promise((resolve, reject) => {
    const req = request({ host, port: config.port, path, headers }, (res) => {
      if (res.statusCode !== 200) {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => {
          const type = res.headers['x-amzn-errortype'];
          reject(new CommandError(refusal(res.statusCode, Array.isArray(type) ? type[0] : type, body, functionName)));
        });
        return;
      }
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          if (!line) continue;
          const event = JSON.parse(line) as LogLine;
          process.stdout.write(`${new Date(event.timestamp).toISOString()} ${event.logStreamName} ${event.message.replace(/\n$/, '')}\n`);
        }
      });
      res.on('end', () => resolve());
    });
    req.on('error', (err) => reject(new CommandError(`cannot reach Lambkin at ${host}:${config.port}: ${err.message}`)));
    req.end();
  });
}
