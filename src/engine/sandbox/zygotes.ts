import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTreeWritable } from '../../store/blobs/stale-temp.js';
import { attachTree, type TreeListing } from './attach.js';
import { createCgroup, readProcs, type Cgroup, type CgroupVersion } from './cgroups.js';
import { launch, type LaunchPlan } from './launcher.js';

/** Stand-ins in a zygote's plan for the host dirs shown at /var/task and /opt (each zygote has its own). */
export const TASK_SLOT = '\0zygote-task';
export const OPT_SLOT = '\0zygote-opt';

/** How the sandboxes of one pool start: same sandbox, interpreter and start-up environment for all. */
export interface ZygoteShape {
  /** What must be equal for a function to be served by the pool (see Engine's zygoteShape). */
  key: string;
  /** The launch plan with TASK_SLOT and OPT_SLOT where the code and layer dirs go. */
  plan: LaunchPlan;
  /** Only what the interpreter reads while it starts, with the values every function of the shape has. */
  startEnv: Record<string, string>;
}

/** What a claim attaches: the function's code tree and its merged layers. */
export interface Attachment {
  codeDir: string;
  code: TreeListing;
  optDir?: string;
  opt?: TreeListing;
}

/** A claimed zygote, now the environment's process. */
export interface ClaimedZygote {
  child: ChildProcess;
  cgroup?: Cgroup;
  /** Removes the dirs that held the function's code (after the process is gone). */
  removeDirs(): Promise<void>;
}

/**
 * A generic sandbox started ahead of any function (the zygote of SOCK, ATC'18): the interpreter is
 * up inside bubblewrap with the isolation of a normal start, its runtime client loaded and waiting on
 * its stdin. Its /var/task and /opt are read-only binds of two empty host dirs of its own. A claim
 * fills them with one function's code and layers, limits the cgroup, and hands the runtime client the
 * function's whole environment; it then initialises as a normal start would. Used once, never reused.
 */
export class Zygote {
  private readonly child: ChildProcess;
  private readonly cgroup?: Cgroup;
  private readonly dir: string;
  private claimed = false;
  /** Resolves when the process is gone: true if it had been claimed. */
  readonly exited: Promise<boolean>;

  constructor(shape: ZygoteShape, baseDir: string, cgroupVersion: CgroupVersion | undefined) {
    const id = randomBytes(12).toString('hex');
    this.dir = join(baseDir, id);
    mkdirSync(join(this.dir, 'task'), { recursive: true, mode: 0o755 });
    mkdirSync(join(this.dir, 'opt'), { mode: 0o755 });
    const slots: Record<string, string> = { [TASK_SLOT]: join(this.dir, 'task'), [OPT_SLOT]: join(this.dir, 'opt') };
    const plan = { ...shape.plan, args: shape.plan.args.map((arg) => slots[arg] ?? arg) };
    try {
      if (cgroupVersion) this.cgroup = createCgroup(cgroupVersion, `zygote-${id}`);
      this.child = launch(plan, shape.startEnv, this.cgroup, true);
    } catch (err) {
      void this.cgroup?.remove();
      rmSync(this.dir, { recursive: true, force: true });
      throw err;
    }
    this.child.on('error', () => {});
    this.child.stdin!.on('error', () => {});
    this.exited = new Promise((resolve) => this.child.once('exit', () => {
      if (!this.claimed) this.removeUnclaimed();
      resolve(this.claimed);
    }));
  }

  get alive(): boolean {
    return !this.claimed && this.child.exitCode === null && this.child.signalCode === null && !this.child.stdin!.destroyed;
  }

  /**
   * Alive and inside its cgroup. One taken before its launcher joined the group would have the group
   * renamed from under it (the join then fails); it is left to finish starting instead.
   */
  get usable(): boolean {
    if (!this.alive) return false;
    const procs = this.cgroup?.procsFiles;
    return !procs || (this.child.pid !== undefined && readProcs(procs[procs.length - 1]!).includes(this.child.pid));
  }

  /** Attaches the function and lets the runtime client go on; the caller owns the process from here. */
  claim(attachment: Attachment, env: Record<string, string>, memoryMb: number, id: string): ClaimedZygote {
    this.claimed = true;
    try {
      attachTree(attachment.codeDir, attachment.code, join(this.dir, 'task'));
      if (attachment.optDir && attachment.opt) attachTree(attachment.optDir, attachment.opt, join(this.dir, 'opt'));
      if (this.cgroup) {
        this.cgroup.renameTo(id);
        this.cgroup.setMemoryLimit(memoryMb);
      }
    } catch (err) {
      // Not handed over: the caller discards it, and it is cleaned up as an unclaimed one.
      this.claimed = false;
      throw err;
    }
    this.child.stdin!.end(`${JSON.stringify(env)}\n`);
    return { child: this.child, cgroup: this.cgroup, removeDirs: () => removeTree(this.dir) };
  }

  /** Stops an unclaimed zygote; its dirs and group go once it has exited. */
  discard(): void {
    try {
      if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    this.child.stdin!.destroy();
  }

  private removeUnclaimed(): void {
    // Its dir may be gone already, with the whole data dir (the server stopping).
    void removeTree(this.dir).catch(() => {});
    const cgroup = this.cgroup;
    if (cgroup) void cgroup.remove().catch(() => {});
  }
}

async function removeTree(dir: string): Promise<void> {
  await makeTreeWritable(dir);
  await rm(dir, { recursive: true, force: true });
}

/** The zygotes of one shape: `size` kept ready, refilled in the background after each claim. */
export class ZygotePool {
  private readonly ready: Zygote[] = [];
  private earlyDeaths = 0;
  private closed = false;

  constructor(
    private readonly shape: ZygoteShape,
    private readonly size: number,
    private readonly baseDir: string,
    private readonly cgroupVersion: CgroupVersion | undefined,
    private readonly warn: (message: string) => void,
  ) {
    this.refill();
  }

  /**
   * A zygote for one never-seen environment (its interpreter possibly still loading), or undefined.
   * The caller calls `refill` once the environment has answered its first invoke: spawning the
   * replacement at once would hold that invoke up, since a spawn blocks the event loop until the
   * child has exec'd, and the new sandbox's start takes the CPU from the claimed one.
   */
  take(): Zygote | undefined {
    const at = this.ready.findIndex((z) => z.usable);
    const zygote = at === -1 ? undefined : this.ready.splice(at, 1)[0];
    if (!zygote) setImmediate(() => this.refill());
    return zygote;
  }

  refill(): void {
    while (!this.closed && this.ready.length < this.size && this.earlyDeaths < MAX_EARLY_DEATHS) {
      let zygote: Zygote;
      try {
        zygote = new Zygote(this.shape, this.baseDir, this.cgroupVersion);
      } catch (err) {
        this.warn(`lambkin engine: cannot pre-start a sandbox, environments start the usual way: ${(err as Error).message}`);
        this.earlyDeaths = MAX_EARLY_DEATHS;
        return;
      }
      this.ready.push(zygote);
      zygote.exited.then((claimed) => {
        const at = this.ready.indexOf(zygote);
        if (at !== -1) this.ready.splice(at, 1);
        if (claimed || this.closed) return;
        // A zygote that dies unclaimed says something is wrong with its shape: do not start them in a loop.
        if (++this.earlyDeaths === MAX_EARLY_DEATHS) {
          this.warn('lambkin engine: pre-started sandboxes keep exiting before use; environments of this runtime start the usual way');
        } else {
          this.refill();
        }
      });
    }
  }

  close(): void {
    this.closed = true;
    for (const zygote of this.ready.splice(0)) zygote.discard();
  }
}

const MAX_EARLY_DEATHS = 3;

/** Every pool of the engine, one per shape in use; `size` 0 keeps none. */
export class Zygotes {
  private readonly baseDir: string;
  private readonly pools = new Map<string, ZygotePool>();
  private closed = false;

  constructor(
    private readonly size: number,
    baseDir: string,
    private readonly cgroupVersion: CgroupVersion | undefined,
    private readonly warn: (message: string) => void,
  ) {
    sweepDeadServers(baseDir);
    this.baseDir = join(baseDir, String(process.pid));
    mkdirSync(this.baseDir, { recursive: true, mode: 0o700 });
  }

  /** The pool of a shape, opened (and filled) on first use. */
  pool(shape: ZygoteShape): ZygotePool | undefined {
    if (this.closed || this.size <= 0) return undefined;
    let pool = this.pools.get(shape.key);
    if (!pool) {
      pool = new ZygotePool(shape, this.size, this.baseDir, this.cgroupVersion, this.warn);
      this.pools.set(shape.key, pool);
    }
    return pool;
  }

  close(): void {
    this.closed = true;
    for (const pool of this.pools.values()) pool.close();
    this.pools.clear();
  }
}

/** Dirs of servers that were killed (one dir per server pid): their sandboxes died with them. */
function sweepDeadServers(baseDir: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(baseDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (/^\d+$/.test(name) && isAlive(Number(name))) continue;
    void removeTree(join(baseDir, name)).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
