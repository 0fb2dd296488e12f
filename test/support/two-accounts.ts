/**
 * A Lambkin started with a credentials file of two keys in two accounts, for tests of what a signer may
 * see; and the CLI run as one of them (or unsigned).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLambkin, type TestServer } from './server.js';

export interface Signer { accessKeyId: string; secretAccessKey: string; accountId: string }

export const OWNER: Signer = { accessKeyId: 'AKIAOWNER', secretAccessKey: 'owner-secret', accountId: '111111111111' };
export const OTHER: Signer = { accessKeyId: 'AKIAOTHER', secretAccessKey: 'other-secret', accountId: '222222222222' };

export async function startWithTwoAccounts(): Promise<TestServer> {
  const credentials = join(mkdtempSync(join(tmpdir(), 'lambkin-creds-')), 'credentials.json');
  writeFileSync(credentials, JSON.stringify(Object.fromEntries(
    [OWNER, OTHER].map(({ accessKeyId, secretAccessKey, accountId }) => [accessKeyId, { secretAccessKey, accountId }]),
  )));
  return startLambkin({ args: ['--credentials', credentials] });
}

const run = promisify(execFile);
const BIN = new URL('../../bin/lambkin.mjs', import.meta.url).pathname;

/** `lambkin ARGS --port PORT` with the signer's keys in its environment (none for undefined). */
export function cliAs(server: TestServer, signer: Pick<Signer, 'accessKeyId' | 'secretAccessKey'> | undefined, args: string[]) {
  const env: Record<string, string | undefined> = { ...process.env, AWS_ACCESS_KEY_ID: signer?.accessKeyId, AWS_SECRET_ACCESS_KEY: signer?.secretAccessKey };
  if (!signer) { delete env.AWS_ACCESS_KEY_ID; delete env.AWS_SECRET_ACCESS_KEY; }
  return run(process.execPath, [BIN, ...args, '--port', String(server.port)], { env, timeout: 60_000 });
}

export const clientAs = (server: TestServer, signer: Signer) => server.client(signer.accessKeyId, signer.secretAccessKey);
