/**
 * The CloudWatch Logs API (awsJson1_1): `POST /` with
 * `X-Amz-Target: Logs_20140328.<Operation>` and a JSON body; answers as JSON, errors as `__type` +
 * `message`. The caller's account and region are the signer's, as for the Lambda API.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Authenticator } from '../api/auth/index.js';
import { writeResponse } from '../api/write.js';
import type { Engine } from '../engine/index.js';
import type { Config } from '../config.js';
import { LambdaError } from '../errors/base.js';
import type { MetadataStore } from '../store/types.js';
import type { Arrival } from '../front-door/surface.js';
import { asLogsError, LogsError, serialization, unknownOperation } from './errors.js';
import type { LogsApiDeps } from './groups.js';
import type { Body } from './input.js';
import { LOGS_OPERATIONS } from './operations/index.js';
import { startRetentionSweeps } from './retention.js';


export const SIGNING_NAME = 'logs';
export const TARGET_PREFIX = 'Logs_20140328.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** CloudWatch Logs takes request bodies up to about 1 MB (PutLogEvents' batch); reads are far smaller. */
const MAX_BODY = 1_048_576 + 64 * 1024;

export interface LogsApiSurfaceDeps {
  auth: Authenticator;
  store: MetadataStore;
  engine: Pick<Engine, 'logs'>;
  config: Pick<Config, 'logRetentionDays'>;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(raw: Buffer): Body {
  if (raw.length === 0) return {};
  let value: unknown;
  try { value = JSON.parse(raw.toString('utf8')); } catch { throw serialization('Start of structure or map found where not expected.'); }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw serialization('Start of structure or map found where not expected.');
  return value as Body;
}

function answer(res: ServerResponse, requestId: string, status: number, body: unknown): Promise<void> {
  return writeResponse(res, requestId, { status, headers: { 'Content-Type': CONTENT_TYPE }, body: Buffer.from(JSON.stringify(body)) });
}

/** The surface's request handler; retention sweeps start with it. */
export function createLogsApi(surfaceDeps: LogsApiSurfaceDeps) {
  const deps: LogsApiDeps = {
    store: surfaceDeps.store,
    logs: surfaceDeps.engine.logs,
    defaultRetentionDays: surfaceDeps.config.logRetentionDays,
    now: Date.now,
  };
  startRetentionSweeps(deps, (message) => console.warn(message));

  async function serve(req: IncomingMessage, res: ServerResponse, arrival: Arrival): Promise<void> {
    const requestId = randomUUID();
    const raw = await readBody(req);
    try {
      if (raw === undefined) throw new LogsError('SerializationException', 'Request body too large.', 413);
      const caller = await surfaceDeps.auth.authenticate({
        method: arrival.method, rawPath: arrival.rawPath, rawQuery: arrival.rawQuery, headers: req.headers, body: raw, service: SIGNING_NAME,
      });
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
      const handler = operation !== undefined && arrival.method === 'POST' && Object.hasOwn(LOGS_OPERATIONS, operation) ? LOGS_OPERATIONS[operation] : undefined;
      if (!handler) throw unknownOperation(target);
      const output = await handler(deps, { accountId: caller.accountId, region: caller.region }, parseBody(raw));
      await answer(res, requestId, 200, output);
    } catch (err) {
      if (!(err instanceof LambdaError)) throw err;
      const error = asLogsError(err);
      await answer(res, requestId, error.status, error.body());
    }
  }

  return serve;
}
