import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EnvironmentDown, EnvironmentUp } from '../../src/engine/index.js';
import type { FunctionSnapshot } from '../../src/engine/types.js';
import { harness, json, type Harness } from './helpers.js';
import { pidsMarked, until } from './proc.js';

/**
 * A handler that leaves a background loop behind: it must not run while its environment is idle, must
 * run again on the next invoke, and must die with the environment when an invocation times out.
 * Each loop appends one byte per turn to /tmp/count, so the file's size is how far it got.
 */

const NODE_HANDLER = `const fs = require('node:fs');
const { spawn } = require('node:child_process');
const size = (file) => { try { return fs.statSync(file).size; } catch { return 0; } };
exports.handler = async (event) => {
  if (event.start) {
    spawn('sh', ['-c', 'while :; do printf x >> /tmp/count; done', event.start], { detached: true, stdio: 'ignore' }).unref();
    setInterval(() => fs.appendFileSync('/tmp/node-count', 'x'), 1);
  }
  if (event.above !== undefined) {
    while (size('/tmp/count') <= event.above || size('/tmp/node-count') <= event.nodeAbove) await new Promise((r) => setTimeout(r, 5));
  }
  if (event.hang) await new Promise((r) => setTimeout(r, 600000));
  return { count: size('/tmp/count'), nodeCount: size('/tmp/node-count') };
};
`;

/** A shell runtime: the loop is started in its own session (setsid), out of the runtime's process group. */
const SHELL_BOOTSTRAP = `#!/bin/sh
set -eu
API="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
size() { if [ -f "$1" ]; then wc -c < "$1" | tr -d ' '; else echo 0; fi; }
while true; do
  HEADERS=$(mktemp)
  EVENT=$(curl -sS -D "$HEADERS" "$API/next")
  ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  case "$EVENT" in
    *'"start"'*)
      MARK=$(echo "$EVENT" | sed 's/.*"start":"\\([^"]*\\)".*/\\1/')
      (setsid sh -c 'while :; do printf x >> /tmp/count; done' "$MARK" </dev/null >/dev/null 2>&1 &) ;;
    *'"above"'*)
      MIN=$(echo "$EVENT" | sed 's/.*"above":\\([0-9]*\\).*/\\1/')
      while [ "$(size /tmp/count)" -le "$MIN" ]; do sleep 0.01; done ;;
    *'"hang"'*) sleep 600 ;;
  esac
  curl -sS -o /dev/null -X POST "$API/$ID/response" -d "{\\"count\\":$(size /tmp/count),\\"nodeCount\\":0}"
  rm -f "$HEADERS"
done
`;

let h: Harness;
const ups: EnvironmentUp[] = [];
const downs: EnvironmentDown[] = [];
before(async () => {
  h = await harness();
  h.engine.observe({ environmentUp: (e) => ups.push(e), environmentDown: (e) => downs.push(e) });
});
after(() => h.close());

/** Whether the process is held still: its freezer group says frozen, or (no freezer) it is stopped. */
function isFrozen(pid: number): boolean {
  const groups = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
  const v1 = /^\d+:freezer:(\/lambkin\/.+)$/m.exec(groups);
  if (v1) return readFileSync(`/sys/fs/cgroup/freezer${v1[1]}/freezer.state`, 'utf8').trim() === 'FROZEN';
  const v2 = /^0::(\/lambkin\/.+)$/m.exec(groups);
  if (v2) {
    try {
      return /^frozen 1$/m.test(readFileSync(`/sys/fs/cgroup${v2[1]}/cgroup.events`, 'utf8'));
    } catch {
      // No v2 freezer on this kernel: the fallback stops processes.
    }
  }
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('T');
}

/** CPU time the process has used, in clock ticks (utime + stime). */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function environmentOf(fn: FunctionSnapshot): string {
  const mine = ups.filter((e) => e.fn.functionName === fn.functionName);
  assert.equal(mine.length, 1);
  return mine[0]!.environmentId;
}

async function startLoop(fn: FunctionSnapshot): Promise<{ marker: string; pid: number }> {
  const marker = `lambkin-bg-${randomUUID()}`;
  const r = await h.invoke(fn, { start: marker });
  assert.equal(r.functionError, undefined, r.payload.toString());
  // Started before the handler returned (the shell's subshell may need a moment to exec the loop).
  await until('the background loop to be running', () => pidsMarked(marker).length === 1);
  return { marker, pid: pidsMarked(marker)[0]! };
}

async function frozenBetweenInvocations(fn: FunctionSnapshot): Promise<void> {
  const { pid } = await startLoop(fn);
  // Frozen once the runtime asked for its next event.
  await until('the environment to be frozen', () => isFrozen(pid));
  const root = `/proc/${pid}/root/tmp`;
  const before = { count: statSync(`${root}/count`).size, cpu: cpuTicks(pid) };
  const nodeBefore = fn.runtime === 'provided.al2023' ? 0 : statSync(`${root}/node-count`).size;
  await sleep(1000);
  assert.deepEqual({ count: statSync(`${root}/count`).size, cpu: cpuTicks(pid) }, before, 'the loop ran while the environment was idle');
  if (fn.runtime !== 'provided.al2023') assert.equal(statSync(`${root}/node-count`).size, nodeBefore, 'a timer of the runtime ran while idle');
  assert.ok(isFrozen(pid));
  // The next invoke thaws it: the handler waits until both loops moved on.
  const r = await h.invoke(fn, { above: before.count, nodeAbove: nodeBefore });
  assert.equal(r.functionError, undefined, r.payload.toString());
  assert.ok(json(r).count > before.count);
  assert.ok(cpuTicks(pid) >= before.cpu);
  await until('frozen again after the invoke', () => isFrozen(pid));
}

async function timeoutKillsTheTree(fn: FunctionSnapshot): Promise<void> {
  const { marker } = await startLoop(fn);
  const environmentId = environmentOf(fn);
  const r = await h.invoke(fn, { hang: true });
  assert.equal(json(r).errorType, 'Sandbox.Timedout');
  // Down means its processes are gone and its groups removed.
  await until('the environment to be down', () => downs.some((e) => e.environmentId === environmentId));
  assert.deepEqual(downs.find((e) => e.environmentId === environmentId)!.reason, 'timeout');
  assert.deepEqual(pidsMarked(marker), [], 'a process of the timed-out environment is still alive');
}

async function retiredWhileFrozen(fn: FunctionSnapshot): Promise<void> {
  const { marker, pid } = await startLoop(fn);
  const environmentId = environmentOf(fn);
  await until('the environment to be frozen', () => isFrozen(pid));
  h.engine.retire((f) => f.envKey === fn.envKey);
  // A frozen process takes its SIGKILL only once thawed: down means it did.
  await until('the environment to be down', () => downs.some((e) => e.environmentId === environmentId));
  assert.equal(downs.find((e) => e.environmentId === environmentId)!.reason, 'retired');
  assert.deepEqual(pidsMarked(marker), [], 'a process of the retired environment is still alive');
}

/** Another server (a child process) whose environment is frozen when it is SIGKILLed. */
async function serverDiesWhileFrozen(): Promise<{ marker: string; pid: number }> {
  const marker = `lambkin-bg-${randomUUID()}`;
  const fixture = fileURLToPath(new URL('./fixtures/server-dies-frozen.ts', import.meta.url));
  const server = spawn(process.execPath, ['--import', 'tsx', fixture], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LEFT_FROZEN_MARK: marker },
  });
  // Never left behind by a failing test.
  after(() => void server.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('invoked') && resolve());
    server.once('exit', (code) => reject(new Error(`the other server exited early: ${code}`)));
  });
  await until('its loop to be running', () => pidsMarked(marker).length === 1);
  const pid = pidsMarked(marker)[0]!;
  await until('its environment to be frozen', () => isFrozen(pid));
  const gone = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGKILL');
  await gone;
  return { marker, pid };
}

const node = (name: string, timeout: number) =>
  h.codeFn(name, { 'index.js': NODE_HANDLER }, { runtime: 'nodejs20.x', handler: 'index.handler', timeout });
const shell = (name: string, timeout: number) => h.codeFn(name, { bootstrap: SHELL_BOOTSTRAP }, { timeout });

describe('an environment is frozen between invocations', () => {
  test('Node: a spawned loop and a timer do not run while idle and resume on the next invoke', () => frozenBetweenInvocations(node('frozen-node', 60)));
  test('provided (shell): a loop in its own session does not run while idle and resumes on the next invoke', () =>
    frozenBetweenInvocations(shell('frozen-shell', 60)));
  test('Node: a timed-out invocation leaves no process of its tree alive', () => timeoutKillsTheTree(node('timeout-node', 2)));
  test('provided (shell): a timed-out invocation leaves no process of its tree alive', () => timeoutKillsTheTree(shell('timeout-shell', 2)));
  test('a frozen environment that is retired leaves no process alive', () => retiredWhileFrozen(shell('retired-frozen', 60)));
  // Idle gaps on both sides of the freeze delay: a thaw must never be lost behind a freezer write still
  // under way, or the runtime would sit frozen with its event until the timeout.
  test('invocations arriving around the moment of freezing all run: none is left frozen', async () => {
    const fn = h.codeFn('freeze-edges', { 'index.js': 'exports.handler = async (e) => e.n;\n' }, { runtime: 'nodejs20.x', handler: 'index.handler', timeout: 30 });
    const worker = async (w: number) => {
      for (let i = 0; i < 150; i++) {
        const r = await h.invoke(fn, { n: i });
        assert.deepEqual([r.functionError, r.payload.toString()], [undefined, String(i)], `worker ${w}, invocation ${i}`);
        await sleep((i * 7 + w * 3) % 21);
      }
    };
    await Promise.all([0, 1, 2, 3].map(worker));
  });
  test('environments left frozen by a server that was killed are released when a server starts', async (t) => {
    if (!h.engine.sandbox.cgroups) return t.skip('no cgroups on this host: nothing outlives its server frozen');
    const { marker, pid } = await serverDiesWhileFrozen();
    // Its server is gone, yet the loop is still there, frozen with bwrap's SIGKILL pending, until a server
    // starts: this test's next one, or one that another test file starts meanwhile on a shared machine.
    await sleep(200);
    if (pidsMarked(marker).length > 0) assert.ok(isFrozen(pid));
    const next = await harness();
    try {
      await until('the orphaned environment to be gone', () => pidsMarked(marker).length === 0);
    } finally {
      await next.close();
    }
  });
});
