/**
 * A moto server on a free loopback port, standing in for SQS, SNS, EventBridge and S3; always stopped.
 * `env` is what Lambkin needs to send there through the AWS SDK's standard settings.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

const SAFE_MOTO_SERVER = fileURLToPath(new URL('./moto_server.py', import.meta.url));

export interface Moto {
  url: string;
  env: Record<string, string>;
  /** Client options for the test's own SDK clients. */
  clientOptions: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await fetch(`${url}/moto-api/`);
      return;
    } catch {
      if (Date.now() > until) throw new Error(`moto_server did not start at ${url}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  // moto_server itself, with its SQS queues locked against concurrent receives (see moto_server.py).
  const child = spawn('python3', [SAFE_MOTO_SERVER, '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  const log: string[] = [];
  child.stderr!.on('data', (c: Buffer) => log.push(c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  after(stop);
  try {
    await waitUntilUp(url, 20_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${log.join('')}`);
  }
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  return {
    url,
    env: {
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
    },
    clientOptions: { endpoint: url, region: 'us-east-1', credentials },
    stop,
  };
}
