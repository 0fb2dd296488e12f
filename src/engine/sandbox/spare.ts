import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createCgroup, readProcs, type Cgroup, type CgroupVersion } from './cgroups.js';
import type { LaunchPlan } from './launcher.js';

/**
 * A launcher that has already joined a fresh cgroup and waits for what to run. Moving a process into a
 * cgroup (v1) waits for an RCU grace period, ~10 ms that would otherwise sit on every cold start; a spare
 * pays it ahead of time. It is a bare `/bin/sh` reading its script from a pipe: the first line joins the
 * groups, the second (written by `launch`) execs the sandbox with its exact environment. Nothing of a
 * function is in it before then. When the server goes away the pipe closes and the shell exits.
 */
export class SpareLauncher {
  readonly cgroup: Cgroup;
  private readonly child: ChildProcess;

  constructor(version: CgroupVersion) {
    this.cgroup = createCgroup(version, `spare-${randomBytes(12).toString('hex')}`);
    const join = this.cgroup.procsFiles.map((file) => `echo $$ > ${quote(file)}`).join(' && ');
    this.child = spawn('/bin/sh', ['-s'], { env: {}, cwd: '/', stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child.on('error', () => {});
    this.child.stdin!.on('error', () => {});
    this.child.stdin!.write(`${join} || exit 125\n`);
  }

  /**
   * Alive and already inside its groups. A spare taken before its shell ran the join line would have
   * its group renamed from under it (the join then fails): such a spare is discarded instead.
   */
  get usable(): boolean {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.child.stdin!.destroyed) return false;
    const lastJoined = this.cgroup.procsFiles[this.cgroup.procsFiles.length - 1]!;
    return this.child.pid !== undefined && readProcs(lastJoined).includes(this.child.pid);
  }

  /** Becomes the environment's process: same argv, environment, cwd and stdio as `launch` gives. */
  launch(plan: LaunchPlan, env: Record<string, string>, memoryMb: number, id: string): ChildProcess {
    this.cgroup.renameTo(id);
    this.cgroup.setMemoryLimit(memoryMb);
    const argv = [plan.file, ...plan.args].map(quote).join(' ');
    const entries = Object.entries(env);
    const exec = shellSetsExactEnvironment() && entries.every(([key]) => SHELL_NAME.test(key))
      ? `unset PWD OLDPWD\n${entries.map(([key, value]) => `${key}=${quote(value)}`).join(' ')} exec ${argv}`
      : `exec /usr/bin/env -i ${entries.map(([key, value]) => quote(`${key}=${value}`)).join(' ')} ${argv}`;
    this.child.stdin!.end(`cd ${quote(plan.cwd)} || exit 126\n${exec} </dev/null\n`);
    return this.child;
  }

  /** Stops an unused spare and removes its groups. */
  discard(): void {
    try {
      if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    this.child.stdin!.destroy();
    const removeLater = () => void this.cgroup.remove();
    if (this.child.exitCode !== null || this.child.signalCode !== null) removeLater();
    else this.child.once('exit', removeLater);
  }
}

/** A variable name the shell takes as an assignment before a command. */
const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
let exactShell: boolean | undefined;

/**
 * Whether /bin/sh, once it unsets the PWD and OLDPWD it exports after a cd, execs a program with
 * exactly the variables assigned before it (dash does; bash adds SHLVL). Then a spare execs the sandbox
 * itself, one exec less than through env(1), with the same environment. Asked once per server.
 */
function shellSetsExactEnvironment(): boolean {
  if (exactShell === undefined) {
    const probe = spawnSync('/bin/sh', ['-s'], {
      env: {}, cwd: '/', timeout: 5000,
      input: "cd / || exit 126\nunset PWD OLDPWD\nLAMBKIN_PROBE='a b' exec /usr/bin/env </dev/null\n",
    });
    exactShell = probe.status === 0 && probe.stdout.toString() === 'LAMBKIN_PROBE=a b\n';
  }
  return exactShell;
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Keeps one spare ready; an environment that finds none starts the usual way. */
export class SparePool {
  private spare?: SpareLauncher;
  private closed = false;

  constructor(private readonly version: CgroupVersion) {
    shellSetsExactEnvironment();
  }

  /**
   * A ready spare, or undefined. The caller that got one calls `refill` once its environment has
   * answered its first invoke (forking the next spare sooner would hold that invoke up); without one,
   * the next is started at once, after the caller has spawned its own process.
   */
  take(): SpareLauncher | undefined {
    const spare = this.spare;
    this.spare = undefined;
    if (spare?.usable) return spare;
    spare?.discard();
    setImmediate(() => this.refill());
    return undefined;
  }

  refill(): void {
    if (this.closed || this.spare) return;
    try {
      this.spare = new SpareLauncher(this.version);
    } catch {
      this.spare = undefined;
    }
  }

  close(): void {
    this.closed = true;
    this.spare?.discard();
    this.spare = undefined;
  }
}
