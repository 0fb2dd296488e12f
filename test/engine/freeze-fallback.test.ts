import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { EnvironmentProcess } from '../../src/engine/environment-process.js';
import { pidsMarked, until } from './proc.js';

/** Without any cgroup (a host that gives none), an idle environment is held with SIGSTOP instead. */

function state(pid: number): string {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.charAt(0);
}

test('without a cgroup freezer, freeze stops every process of the tree and thaw continues them; kill ends them all', async () => {
  const marker = `lambkin-bg-${randomUUID()}`;
  const warnings: string[] = [];
  const proc = new EnvironmentProcess({
    plan: {
      kind: 'process',
      paths: { task: '/', runtime: '/', opt: '/opt', lang: '/usr' },
      file: '/bin/sh',
      // A runtime that leaves a busy loop behind in a session of its own, then waits.
      args: ['-c', `setsid sh -c 'while :; do :; done' ${marker} & exec sleep 600`],
      cwd: '/',
    },
    memorySize: 128,
    warn: (m) => warnings.push(m),
  }, 'fallback-test');
  const exited = new Promise<void>((resolve) => {
    proc.start({ PATH: '/usr/bin:/bin' }, { output: () => {}, failedToStart: () => resolve(), exited: () => resolve() });
  });
  await until('the loop to run', () => pidsMarked(marker).length === 1);
  const loop = pidsMarked(marker)[0]!;
  try {
    proc.freeze();
    // A stop signal takes effect when the process next runs: on a busy machine, not at once.
    await until('the loop to be stopped', () => state(loop) === 'T');
    await until('the runtime to be stopped', () => state(proc.pid!) === 'T');
    proc.thaw();
    await until('the loop to run again', () => state(loop) !== 'T');
    proc.freeze();
    await until('the loop to be stopped again', () => state(loop) === 'T');
    proc.kill();
    await exited;
    await until('the loop to be gone', () => pidsMarked(marker).length === 0);
    assert.deepEqual(warnings, []);
  } finally {
    proc.kill(); // a failed assertion must not leave the runtime's sleep holding the test open
    try {
      process.kill(loop, 'SIGKILL');
    } catch {
      // Gone, as it should be.
    }
  }
});
