/**
 * Starts a real Lambkin (the package's startLambkin: the CLI as a child process) on an ephemeral port
 * with a temporary data dir, and always stops it. Tests talk to it only through real clients.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { startLambkin as startPackage, type Lambkin } from 'lambkin';

// The SDK warns once per process that its 2027 releases need Node 22; that is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  output: () => string;
  /** A JS SDK client; a 12-digit access key id selects that account. */
  client(accessKeyId?: string, secretAccessKey?: string): LambdaClient;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  restart(): Promise<void>;
}

/** `env` is laid over the test's own environment; a variable set to undefined is removed from it. */
export interface ServerOptions { args?: string[]; env?: Record<string, string | undefined>; dataDir?: string }

export async function startLambkin(options: ServerOptions = {}): Promise<TestServer> {
  // The data dir outlives a restart, so it is this helper's to create and remove.
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'lambkin-test-'));
  const launch = () => startPackage({ dataDir, ...(options.args ? { args: options.args } : {}), ...(options.env ? { env: options.env } : {}) });
  let current: Lambkin = await launch();
  const clients: LambdaClient[] = [];
  const server: TestServer = {
    get url() { return current.endpoint; },
    get port() { return current.port; },
    dataDir,
    output: () => current.output(),
    client(accessKeyId = 'AKIDEXAMPLE', secretAccessKey = 'secret') {
      const client = new LambdaClient({
        endpoint: current.endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    stop: (signal) => current.stop(signal),
    async restart() {
      await current.stop();
      current = await launch();
    },
  };
  after(async () => {
    for (const c of clients) c.destroy();
    await current.stop();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return server;
}
