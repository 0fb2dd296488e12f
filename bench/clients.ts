/** The two ways the benchmark invokes: the JS SDK, and raw keep-alive HTTP with a pre-built SigV4 header. */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

export type Invoker = (payload: Buffer, extraHeaders?: Record<string, string>) => Promise<Buffer>;

export function sdkClient(endpoint: string): LambdaClient {
  return new LambdaClient({
    endpoint, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
  });
}

export function sdkInvoker(client: LambdaClient, functionName: string): Invoker {
  return async (payload) => {
    const out = await client.send(new InvokeCommand({ FunctionName: functionName, Payload: payload }));
    if (out.FunctionError) throw new Error(`invoke failed: ${Buffer.from(out.Payload ?? []).toString()}`);
    return Buffer.from(out.Payload ?? []);
  };
}

/** Lambkin's default mode takes any well-formed SigV4 header, so one built up front serves every request. */
function presignedHeaders(host: string): Record<string, string> {
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return {
    host,
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDBENCH/${amzDate.slice(0, 8)}/us-east-1/lambda/aws4_request, ` +
      `SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
  };
}

export function rawInvoker(endpoint: string, functionName: string, agent: Agent): Invoker {
  const url = new URL(endpoint);
  const base = presignedHeaders(url.host);
  const path = `/2015-03-31/functions/${functionName}/invocations`;
  return (payload, extraHeaders) => new Promise((resolve, reject) => {
    const headers = { ...base, 'content-length': String(payload.length), ...extraHeaders };
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        if (res.statusCode !== 200 || res.headers['x-amz-function-error']) reject(new Error(`invoke answered ${res.statusCode}: ${body}`));
        else resolve(body);
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export function keepAliveAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets });
}

export interface Outcome { status: number; errorType: string | undefined; ms: number }

/** One raw invoke that reports its outcome instead of failing on a throttle (for the scale section). */
export function rawOutcome(endpoint: string, functionName: string, agent: Agent, payload: Buffer): Promise<Outcome> {
  const url = new URL(endpoint);
  const headers = { ...presignedHeaders(url.host), 'content-length': String(payload.length) };
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const path = `/2015-03-31/functions/${functionName}/invocations`;
    const req = request({ host: url.hostname, port: url.port, method: 'POST', path, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        const type = res.headers['x-amzn-errortype'];
        const functionError = res.headers['x-amz-function-error'];
        resolve({ status: res.statusCode ?? 0, errorType: (Array.isArray(type) ? type[0] : type)?.split(':')[0] ?? (functionError ? `function error ${functionError}` : undefined), ms: performance.now() - t0 });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
