import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_PATHS, type EnvironmentPaths } from '../env-vars.js';
import type { RuntimeSpec } from '../runtimes.js';
import type { FunctionSnapshot } from '../types.js';
import { standInLine } from '../logs/platform.js';
import { bwrapArgs } from './bwrap.js';
import type { Cgroup } from './cgroups.js';

export type SandboxKind = 'bwrap' | 'process';

/** Everything needed to start environments of one function version, computed once per envKey. */
export interface LaunchPlan {
  kind: SandboxKind;
  paths: EnvironmentPaths;
  /** Program and arguments to spawn (bwrap + its mounts + the runtime's argv, or the argv itself). */
  file: string;
  args: string[];
  cwd: string;
  /** Set when a provided runtime has no bootstrap: every invoke fails with Runtime.InvalidEntrypoint. */
  missingBootstrap?: string;
  /** Logged once by each environment before its runtime starts (the interpreter standing in for a missing one). */
  coldStartLog?: string;
}

/** Writes its own pid into each cgroup, then becomes the sandbox: its children are born inside the limits. */
const JOIN_CGROUPS = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n-1)); done; exec "$@"';

function runtimeArgv(fn: FunctionSnapshot, spec: RuntimeSpec, paths: EnvironmentPaths, optHost?: string): {
  argv: string[];
  missing?: string;
} {
  // No V8 flags (--expose-gc, --max-old-space-size): any of them makes Node discard the code cache of
  // its built-in modules and compile them afresh on every start. The runtime client installs `gc`
  // itself; the heap is bounded by the environment's memory limit. The same argv for every memory
  // size also lets a pre-started sandbox serve any function of the runtime (sandbox/zygotes.ts).
  if (spec.family === 'node') return { argv: [spec.interpreter!, '--max-http-header-size=81920', `${paths.runtime}/${spec.entry}`] };
  if (spec.family === 'python') return { argv: [spec.interpreter!, '-u', `${paths.runtime}/${spec.entry}`] };
  if (existsSync(join(fn.codeDir, 'bootstrap'))) return { argv: [`${paths.task}/bootstrap`] };
  if (optHost && existsSync(join(optHost, 'bootstrap'))) return { argv: [`${paths.opt}/bootstrap`] };
  return {
    argv: [],
    missing: `Couldn't find valid bootstrap(s): [${paths.task}/bootstrap ${paths.opt}/bootstrap]`,
  };
}

export function hostPaths(fn: FunctionSnapshot, spec: RuntimeSpec, optHost: string | undefined): EnvironmentPaths {
  return {
    task: fn.codeDir,
    runtime: spec.runtimeClientDir ?? fn.codeDir,
    opt: optHost ?? '/opt',
    lang: spec.prefix ?? '/usr',
  };
}

export function makeLaunchPlan(
  kind: SandboxKind,
  bwrapPath: string,
  fn: FunctionSnapshot,
  spec: RuntimeSpec,
  optHost: string | undefined,
  bytecodeDir?: string,
): LaunchPlan {
  const paths = kind === 'bwrap' ? SANDBOX_PATHS : hostPaths(fn, spec, optHost);
  const { argv, missing } = runtimeArgv(fn, spec, paths, optHost);
  const coldStartLog = spec.standIn ? standInLine(fn.logFormat, spec.runtime, spec.standIn) : undefined;
  if (kind === 'process') {
    return { kind, paths, file: argv[0] ?? '/bin/false', args: argv.slice(1), cwd: fn.codeDir, missingBootstrap: missing, coldStartLog };
  }
  const mounts = bwrapArgs({
    codeDir: fn.codeDir,
    optDir: optHost,
    runtimeClientDir: spec.runtimeClientDir,
    bytecodeDir,
    spec,
    tmpBytes: fn.ephemeralStorage * 1024 * 1024,
  });
  return { kind, paths, file: bwrapPath, args: [...mounts, ...argv], cwd: '/', missingBootstrap: missing, coldStartLog };
}

/**
 * Starts one environment's process in its own process group (so a kill reaches every descendant).
 * Its stdin is /dev/null, or with `stdinPipe` a pipe (a pre-started sandbox waits there for its function).
 */
export function launch(plan: LaunchPlan, env: Record<string, string>, cgroup: Cgroup | undefined, stdinPipe = false): ChildProcess {
  let file = plan.file;
  let args = plan.args;
  if (cgroup) {
    args = ['-c', JOIN_CGROUPS, 'sh', String(cgroup.procsFiles.length), ...cgroup.procsFiles, file, ...args];
    file = '/bin/sh';
  }
  return spawn(file, args, { env, cwd: plan.cwd, stdio: [stdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe'], detached: true });
}

/** Finds bwrap and checks it can really build a sandbox here (containers often forbid namespaces). */
export function probeBwrap(): { path?: string; problem?: string } {
  const candidates = ['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap'];
  const path = candidates.find((p) => existsSync(p));
  if (!path) return { problem: 'bwrap (bubblewrap) is not installed' };
  const trial = spawnSync(
    path,
    [
      '--die-with-parent', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--cap-drop', 'ALL',
      '--ro-bind', '/usr', '/usr', '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/lib', '/lib',
      '--symlink', 'usr/lib64', '/lib64', '--proc', '/proc', '--dev', '/dev',
      // The mounts every sandbox uses that need bwrap 0.5 or later (--size, --perms on a tmpfs).
      '--perms', '1777', '--size', '1048576', '--tmpfs', '/dev/shm', '--remount-ro', '/dev',
      '--size', '1048576', '--tmpfs', '/tmp', '/usr/bin/true',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 5000 },
  );
  if (trial.status !== 0) {
    return { problem: `bwrap cannot create a sandbox here: ${trial.stderr?.toString().trim() || `exit ${trial.status}`}` };
  }
  return { path };
}
