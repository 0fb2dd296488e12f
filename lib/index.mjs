/**
 * `import { startLambkin } from 'lambkin'`: a real Lambkin for a test suite. It runs as a child process
 * (the `lambkin serve` command, so functions' sandboxes never share the caller's process) on an
 * ephemeral port with a temporary data dir that stop() removes. Plain JavaScript, so a consumer needs
 * no TypeScript loader; the types are in index.d.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';

const BIN = new URL('../bin/lambkin.mjs', import.meta.url).pathname;
const DEFAULT_REGION = 'us-east-1';
const DEFAULT_ACCOUNT = '000000000000';
/** How long stop() waits for a clean shutdown before it kills the server. */
const STOP_GRACE_MS = 5000;

/** A refusal from the server, named as AWS names its errors. */
export class LambkinError extends Error {
  constructor(name, message, statusCode) {
    super(message);
    this.name = name;
    this.statusCode = statusCode;
  }
}

/** @aws-sdk/client-lambda is the caller's to install: it is loaded the first time client() is asked for. */
let lambdaSdk;
function loadLambdaSdk() {
  if (lambdaSdk) return lambdaSdk;
  try {
    lambdaSdk = createRequire(import.meta.url)('@aws-sdk/client-lambda');
  } catch (err) {
    if (err?.code !== 'MODULE_NOT_FOUND') throw err;
    throw new Error('lambkin: client() needs @aws-sdk/client-lambda; install it (npm install --save-dev @aws-sdk/client-lambda) or use `endpoint` with a client of your own');
  }
  return lambdaSdk;
}

function launch(options, dataDir) {
  const args = [BIN, 'serve', '--port', '0', '--data-dir', dataDir];
  if (options.region) args.push('--region', options.region);
  if (options.accountId) args.push('--account', options.accountId);
  args.push(...(options.args ?? []));
  const env = Object.fromEntries(Object.entries({ ...process.env, ...options.env }).filter(([, v]) => v !== undefined));
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  return new Promise((resolve, reject) => {
    // Both streams are always read: a server whose pipe fills up would stop.
    child.stdout.on('data', (chunk) => {
      output.push(chunk.toString());
      const listening = /listening on (http:\/\/\S+)/.exec(output.join(''));
      if (listening) resolve({ child, url: listening[1], output });
    });
    child.stderr.on('data', (chunk) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`lambkin exited (${signal ?? `code ${code}`}) before listening:\n${output.join('')}`)));
  });
}

function post(url, path, headers) {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method: 'POST', headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.once('error', reject);
    req.end();
  });
}

/** SigV4 headers for a server started with --credentials (the signer's account is the one reset). */
async function signedHeaders(url, path, query, credentials, region) {
  const require = createRequire(import.meta.url);
  const { SignatureV4 } = require('@smithy/signature-v4');
  const { Hash } = require('@smithy/hash-node');
  const target = new URL(url);
  const signer = new SignatureV4({ service: 'lambda', region, sha256: Hash.bind(null, 'sha256'), credentials });
  const signed = await signer.sign({
    method: 'POST', protocol: 'http:', hostname: target.hostname, port: Number(target.port), path, query, headers: { host: target.host },
  });
  return signed.headers;
}

/** A caller that never stops its servers must not leave them running after its own process ends. */
const running = new Set();
process.on('exit', () => { for (const child of running) child.kill('SIGKILL'); });

export async function startLambkin(options = {}) {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'lambkin-'));
  let current;
  try {
    current = await launch(options, dataDir);
  } catch (err) {
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const region = options.region ?? DEFAULT_REGION;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT;
  const clients = [];
  running.add(current.child);
  let stopping;

  const stop = (signal = 'SIGTERM') => {
    stopping ??= (async () => {
      for (const client of clients.splice(0)) client.destroy();
      const child = current.child;
      const exited = child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve(child.exitCode)
        : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      // A clean stop lets the server remove its environments' cgroups; a stuck one is killed.
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      const code = await exited;
      clearTimeout(killer);
      running.delete(child);
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    })();
    return stopping;
  };

  return {
    get endpoint() { return current.url; },
    get port() { return Number(new URL(current.url).port); },
    region,
    accountId,
    dataDir,
    output: () => current.output.join(''),
    client(config = {}) {
      const { LambdaClient } = loadLambdaSdk();
      const client = new LambdaClient({
        endpoint: current.url, region, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, ...config,
      });
      clients.push(client);
      return client;
    },
    async reset(resetOptions = {}) {
      const query = resetOptions.accountId !== undefined ? { account: resetOptions.accountId } : {};
      const path = '/_lambkin/reset';
      const search = new URLSearchParams(query).toString();
      const headers = resetOptions.credentials
        ? await signedHeaders(current.url, path, query, resetOptions.credentials, region)
        : {};
      const res = await post(current.url, search ? `${path}?${search}` : path, headers);
      if (res.status === 200) return JSON.parse(res.body);
      let message = res.body;
      try { message = JSON.parse(res.body).message ?? JSON.parse(res.body).Message ?? message; } catch { /* not JSON */ }
      const type = res.headers['x-amzn-errortype'];
      throw new LambkinError(String(Array.isArray(type) ? type[0] : type ?? `HTTP ${res.status}`).split(':')[0], message, res.status);
    },
    stop,
  };
}
