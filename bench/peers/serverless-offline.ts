/**
 * serverless-offline (serverless@3 with serverless-offline@13, its peer range) as a peer: installed on
 * first use into ~/.cache/lambkin-bench/peers (never a dependency of Lambkin), a service with a Node echo
 * function and FIRST_FUNCTIONS more for first invokes, started offline with its Lambda port on loopback.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { freePort, startChild, type Child } from '../processes.js';

const ROOT = join(homedir(), '.cache', 'lambkin-bench', 'peers');
const CLI = join(ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');
export const FIRST_FUNCTIONS = 10;
export const SERVICE = 'bench';
export const functionName = (fn: string) => `${SERVICE}-dev-${fn}`;

function ensureInstalled(say: (line: string) => void): void {
  if (existsSync(CLI) && existsSync(join(ROOT, 'node_modules', 'serverless-offline'))) return;
  say(`installing serverless@3 and serverless-offline@13 into ${ROOT} (once)...`);
  mkdirSync(ROOT, { recursive: true });
  execFileSync('npm', ['install', '--prefix', ROOT, '--no-audit', '--no-fund', '--loglevel=error', 'serverless@3', 'serverless-offline@13'], {
    stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000,
  });
}

function writeService(dir: string, lambdaPort: number, httpPort: number, wsPort: number): void {
  mkdirSync(dir, { recursive: true });
  const functions = ['echo', ...Array.from({ length: FIRST_FUNCTIONS }, (_, i) => `first${i}`)];
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async (event) => event;\n');
  writeFileSync(join(dir, 'serverless.yml'), [
    `service: ${SERVICE}`, "frameworkVersion: '3'",
    'provider:', '  name: aws', '  runtime: nodejs20.x', '  region: us-east-1', '  stage: dev',
    'plugins:', '  - serverless-offline',
    'custom:', '  serverless-offline:', '    host: 127.0.0.1',
    `    lambdaPort: ${lambdaPort}`, `    httpPort: ${httpPort}`, `    websocketPort: ${wsPort}`,
    'functions:', ...functions.flatMap((f) => [`  ${f}:`, '    handler: index.handler']), '',
  ].join('\n'));
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
}

/** No login, no telemetry, no update checks: serverless v3 offline needs no network. */
const QUIET_ENV = {
  SLS_TELEMETRY_DISABLED: '1', SLS_TRACKING_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_INTERACTIVE_SETUP_DISABLE: '1',
  SLS_DEPRECATION_DISABLE: '*', AWS_ACCESS_KEY_ID: 'AKIDBENCH', AWS_SECRET_ACCESS_KEY: 'bench-secret',
};

export async function startServerlessOffline(say: (line: string) => void): Promise<Child> {
  ensureInstalled(say);
  const [lambdaPort, httpPort, wsPort] = [await freePort(), await freePort(), await freePort()];
  const dir = join(ROOT, 'service');
  writeService(dir, lambdaPort, httpPort, wsPort);
  return startChild('serverless offline', process.execPath, [CLI, 'offline', 'start'], {
    cwd: dir, env: { ...process.env, ...QUIET_ENV }, detached: true,
  }, /\[http for lambda\] listening on (http:\/\/\S+)/);
}
