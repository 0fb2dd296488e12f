/**
 * Memory and scale: idle RSS of a warm environment (every process of its sandbox), what the bare
 * interpreter costs idle for context, the server's RSS with 200 warm environments, and 1,000 concurrent
 * invokes against a function capped at 200 (only 200s and AWS's 429 allowed).
 */
import { spawn } from 'node:child_process';
import { Agent, createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutFunctionConcurrencyCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { keepAliveAgent, rawInvoker, rawOutcome, type Outcome } from './clients.js';
import { zip } from './collector.js';
import { create, NODE_ECHO, PYTHON_ECHO } from './cold.js';
import { PAYLOAD } from './measure.js';
import { environments, rssBytes } from './proctree.js';
import { python312, type Child } from './processes.js';
import { latency, ms } from './stats.js';
import type { Aims } from './aims.js';

const MiB = 1024 * 1024;
const SCALE_ENVS = 200;
const BURST = 1000;
/** Sleeps `ms`, or holds until the bench's barrier answers (so every one of a wave needs its own environment). */
const SLEEPER = { 'index.js': `const http = require('node:http');
exports.handler = async (e) => {
  if (e.barrier) await new Promise((ok, fail) => http.get(e.barrier, (res) => res.resume().on('end', ok)).on('error', fail));
  else await new Promise((r) => setTimeout(r, e.ms));
  return 1;
};
` };
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pause = (msecs: number) => new Promise((r) => setTimeout(r, msecs));

/** RSS of an interpreter doing nothing, started the way a runtime would be (no script of ours loaded). */
async function bareInterpreter(file: string, args: string[]): Promise<number> {
  const child = spawn(file, args, { stdio: 'ignore' });
  await pause(700);
  const rss = rssBytes(child.pid!);
  child.kill('SIGKILL');
  return rss;
}

/** Every idle environment counts (the cold-start section leaves some); one more of each kind is started here. */
export async function idleMemorySection(lambkinSdk: LambdaClient, lambkin: Child, aims: Aims, say: (line: string) => void): Promise<void> {
  const agent = keepAliveAgent(1);
  await create(lambkinSdk, 'idle-node', 'nodejs20.x', 'index.handler', await zip(NODE_ECHO));
  await create(lambkinSdk, 'idle-python', 'python3.12', 'app.handler', await zip(PYTHON_ECHO));
  for (const fn of ['idle-node', 'idle-python']) await rawInvoker(lambkin.url, fn, agent)(PAYLOAD);
  agent.destroy();
  await pause(1000);
  const envs = environments(lambkin.pid);
  const bare = {
    node: await bareInterpreter(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)']),
    python: await bareInterpreter(python312(), ['-c', 'import time; time.sleep(1 << 30)']),
  };
  for (const [kind, label, limit] of [['node', 'Node.js 20', 30], ['python', 'Python 3.12', 15]] as const) {
    const own = envs.filter((e) => e.interpreter === kind);
    const rss = median(own.map((e) => e.rss));
    say(`${`idle RSS of a warm environment, ${label}`.padEnd(34)} ${mib(rss)} median of ${own.length} (bwrap + init + runtime; ` +
      `PSS ${mib(median(own.map((e) => e.pss)))})` +
      `  | the bare interpreter idle: ${mib(bare[kind])}`);
    say(aims.atMost(`idle RSS ${label} environment`, rss / MiB, limit, 'MiB'));
  }
}

function fire(lambkin: Child, fn: string, agent: Agent, n: number, event: object): Promise<Outcome[]> {
  const payload = Buffer.from(JSON.stringify(event));
  return Promise.all(Array.from({ length: n }, () => rawOutcome(lambkin.url, fn, agent, payload)));
}

/** Answers nobody until `n` are waiting (or `limitMs` passed), then everybody. */
async function barrier(n: number, limitMs: number): Promise<{ url: string; close(): void }> {
  const held: ServerResponse[] = [];
  const releaseAll = () => { for (const res of held.splice(0)) res.end('go'); };
  const timer = setTimeout(releaseAll, limitMs);
  const server = createServer((_req, res) => {
    held.push(res);
    if (held.length >= n) releaseAll();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => { clearTimeout(timer); releaseAll(); server.close(); },
  };
}

export async function scaleSection(lambkinSdk: LambdaClient, lambkin: Child, aims: Aims, say: (line: string) => void): Promise<void> {
  const fn = 'scale-sleeper';
  await create(lambkinSdk, fn, 'nodejs20.x', 'index.handler', await zip(SLEEPER), { MemorySize: 128, Timeout: 60 });
  const agent = new Agent({ keepAlive: true, maxSockets: BURST });
  try {
    const before = environments(lambkin.pid).length;
    // Each invoke holds its environment until all of them run, so each one needs its own.
    const hold = await barrier(SCALE_ENVS, 60_000);
    const first = await fire(lambkin, fn, agent, SCALE_ENVS, { barrier: hold.url });
    hold.close();
    const failed = first.filter((o) => o.status !== 200 || o.errorType).length;
    const envs = environments(lambkin.pid).length - before;
    const server = rssBytes(lambkin.pid);
    say(`${`server RSS, ${envs} warm environments`.padEnd(34)} ${mib(server)}  (${SCALE_ENVS} concurrent invokes, ${failed} not 200, ` +
      `slowest ${(Math.max(...first.map((o) => o.ms)) / 1000).toFixed(1)} s)`);

    await lambkinSdk.send(new PutFunctionConcurrencyCommand({ FunctionName: fn, ReservedConcurrentExecutions: SCALE_ENVS }));
    const burst = await fire(lambkin, fn, agent, BURST, { ms: 200 });
    const counts = new Map<string, number>();
    for (const o of burst) {
      const key = `${o.status} ${o.errorType ?? (o.status === 200 ? 'OK' : '')}`.trim();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const allowed = [...counts.keys()].every((k) => k === '200 OK' || k === '429 TooManyRequestsException');
    const all = latency(burst.map((o) => o.ms));
    const ok = latency(burst.filter((o) => o.status === 200 && !o.errorType).map((o) => o.ms));
    say(`${`${BURST} concurrent over ${SCALE_ENVS} environments`.padEnd(34)} ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}` +
      `  | p99 ${ms(all.p99)} (all), p99 ${ms(ok.p99)} (200 OK), handler sleeps 200 ms`);
    aims.record(`${BURST} concurrent: only 200 and 429 TooManyRequestsException`, 'no other', [...counts].map(([k, v]) => `${v} ${k}`).join(', '), allowed);
    say(`  aim ${allowed ? 'met' : 'UNMET'}: only 200 and 429 TooManyRequestsException`);
  } finally {
    agent.destroy();
  }
}
