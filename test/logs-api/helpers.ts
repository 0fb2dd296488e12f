/** A Lambkin with a function that writes the lines it is given, and CloudWatch Logs clients for it. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { nameSegment } from '../../src/safe-path.js';
import { deploy, invoke } from '../api/invoke/helpers.js';
import type { TestServer } from '../support/server.js';

export const ACCOUNT = '000000000000';

/** Writes each line of `event.lines` to stdout as it is (so JSON lines stay JSON), then answers "ok". */
export const WRITER = {
  'index.js': "exports.handler = async (event) => { for (const line of event.lines ?? []) process.stdout.write(line + '\\n'); return 'ok'; };\n",
};

export function logsClient(server: TestServer, accessKeyId = 'AKIDEXAMPLE', secretAccessKey = 'secret', region = 'us-east-1'): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ endpoint: server.url, region, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

export async function deployWriter(lambda: LambdaClient, name: string): Promise<void> {
  await deploy(lambda, name, WRITER);
}

export async function writeLines(lambda: LambdaClient, name: string, lines: string[]): Promise<void> {
  const r = await invoke(lambda, name, { lines });
  assert.equal(r.functionError, undefined, r.text);
  assert.equal(r.json(), 'ok');
}

/** Asserts that `send` is refused with exactly this error: type, status and message. */
export async function refused(send: Promise<unknown>, name: string, message: string | RegExp, status = 400): Promise<void> {
  await assert.rejects(send, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name, err.message);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    assert.equal(err.$metadata?.httpStatusCode, status);
    return true;
  });
}

/** Events already on disk from before the test, as a past run of the server would have left them. */
export function storedEvents(dataDir: string, group: string, stream: string, events: { timestamp: number; message: string }[], account = ACCOUNT, region = 'us-east-1'): string {
  const dir = join(dataDir, 'logs', account, region, nameSegment(group));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${nameSegment(stream)}.jsonl`);
  writeFileSync(file, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return file;
}

export const DAY_MS = 86_400_000;
