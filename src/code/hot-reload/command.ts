/** `lambkin hot-reload NAME DIR [RUNTIME HANDLER]`: points a function of a running Lambkin at a local folder, creating it if needed. */
import { request } from 'node:http';
import { resolve } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import type { Config } from '../../config.js';
import { CommandError } from '../../cli/spec.js';
import { DEFAULT_HOT_RELOAD_BUCKET } from './folder.js';

interface Reply { status: number; body: Record<string, unknown> }

async function call(config: Config, method: string, path: string, payload?: unknown): Promise<Reply> {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const body = payload === undefined ? '' : JSON.stringify(payload);
  let headers: Record<string, string> = { host: `${host}:${config.port}`, 'content-type': 'application/json' };
  // Signed with the environment's credentials (needed with --credentials); without them, as the --account.
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID ?? config.accountId;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY ?? 'lambkin';
  {
    const signer = new SignatureV4({
      service: 'lambda', region: config.region, sha256: Hash.bind(null, 'sha256'),
      credentials: { accessKeyId, secretAccessKey, ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}) },
    });
    headers = (await signer.sign({ method, protocol: 'http:', hostname: host, port: config.port, path, headers, body })).headers as Record<string, string>;
  }
  return new Promise((done, fail) => {
    const req = request({ host, port: config.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c));
      res.on('end', () => {
        let parsed: Record<string, unknown> = {};
        try { parsed = JSON.parse(text || '{}') as Record<string, unknown>; } catch { parsed = { message: text }; }
        done({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', (err) => fail(new CommandError(`cannot reach Lambkin at ${host}:${config.port}: ${err.message}`)));
    req.end(body);
  });
}

function failed(reply: Reply): CommandError {
  return new CommandError(`${String(reply.body.Type ?? reply.body.__type ?? `HTTP ${reply.status}`)}: ${String(reply.body.message ?? reply.body.Message ?? '')}`);
}

export async function runHotReloadCommand(config: Config, name: string, dir: string, runtime = 'nodejs20.x', handler = 'index.handler'): Promise<string> {
  const code = { S3Bucket: config.hotReloadBucket ?? DEFAULT_HOT_RELOAD_BUCKET, S3Key: resolve(dir) };
  const path = `/2015-03-31/functions/${encodeURIComponent(name)}`;
  const existing = await call(config, 'GET', path);
  const reply = existing.status === 404
    ? await call(config, 'POST', '/2015-03-31/functions', {
      FunctionName: name, Runtime: runtime, Handler: handler, Role: `arn:aws:iam::${config.accountId}:role/lambkin-hot-reload`, Code: code,
    })
    : existing.status === 200 ? await call(config, 'PUT', `${path}/code`, code) : existing;
  if (reply.status < 200 || reply.status >= 300) throw failed(reply);
  return `${name} runs from ${code.S3Key} (${existing.status === 404 ? 'created' : 'updated'}); saves there take effect on the next invoke`;
}
