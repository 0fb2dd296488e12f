import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { constants as osConstants } from 'node:os';
import { MemoryMeter } from './memory.js';
import { createCgroup, type Cgroup, type CgroupVersion } from './sandbox/cgroups.js';
import { launch, type LaunchPlan } from './sandbox/launcher.js';
import { connectionFrom, processTree } from './sandbox/peers.js';
import type { SparePool } from './sandbox/spare.js';
import type { Attachment, ClaimedZygote, ZygotePool } from './sandbox/zygotes.js';

/** What starting an environment's process needs; shared by all environments of a function version. */
export interface ProcessSetup {
  plan: LaunchPlan;
  memorySize: number;
  cgroupVersion?: CgroupVersion;
  /** Launchers already inside a fresh cgroup (set with cgroupVersion). */
  spares?: SparePool;
  /** Pre-started sandboxes this function may be attached to, and what to attach (set together). */
  zygotes?: ZygotePool;
  attachment?: Attachment;
  warn(message: string): void;
}

export interface ProcessListener {
  output(which: 'stdout' | 'stderr', chunk: Buffer): void;
  /** The process could not be started at all. */
  failedToStart(err: Error): void;
  /** The process is gone; a signal death inside bwrap is reported as that signal. */
  exited(code: number | null, signal: NodeJS.Signals | null): void;
}

/**
 * The process side of one environment: spawns the runtime inside its sandbox and cgroup, tells which
 * processes belong to it, kills the whole tree, and releases the cgroup once everything is gone.
 */
export class EnvironmentProcess {
  private child?: ChildProcess;
  private cgroup?: Cgroup;
  /** Stopped with SIGSTOP where there is no freezer: these get SIGCONT on thaw. */
  private stoppedPids?: number[];
  /** The runtime waits for its next event; `held` once it has waited long enough to be held still. */
  private idle = false;
  private held = false;
  private freezeFailed = false;
  /** The freezer's state as last written, and whether a write is under way (see followFreezer). */
  private freezerApplied = false;
  private freezerWriting = false;
  private freezeTimer?: NodeJS.Timeout;
  /** Once killed it is never frozen again: a frozen process with a pending SIGKILL would never die. */
  private killed = false;
  private memoryMeter?: MemoryMeter;
  private zygote?: ClaimedZygote;
  /**
   * Refills the pool this environment's process came from (pre-started sandboxes or spare launchers)
   * once its first invoke is answered: a spawn blocks the event loop until the child has exec'd, and the
   * new process's start takes CPU from this one's first invoke.
   */
  private refillTaken?: () => void;

  constructor(
    private readonly setup: ProcessSetup,
    private readonly id: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get started(): boolean {
    return this.child !== undefined;
  }

  start(env: Record<string, string>, listener: ProcessListener): void {
    const child = this.launchInZygote(env) ?? this.launchInSpare(env) ?? this.launchFresh(env);
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => listener.output('stdout', chunk));
    child.stderr!.on('data', (chunk: Buffer) => listener.output('stderr', chunk));
    child.on('error', (err) => listener.failedToStart(err));
    child.on('exit', (code, signal) => listener.exited(...this.exitStatus(code, signal)));
  }

  private launchInZygote(env: Record<string, string>): ChildProcess | undefined {
    const { zygotes, attachment } = this.setup;
    const zygote = attachment && zygotes?.take();
    if (!attachment || !zygotes || !zygote) return undefined;
    this.refillTaken = () => zygotes.refill();
    try {
      this.zygote = zygote.claim(attachment, env, this.setup.memorySize, this.id);
      this.cgroup = this.zygote.cgroup;
      return this.zygote.child;
    } catch (err) {
      this.setup.warn(`lambkin engine: pre-started sandbox unusable for environment ${this.id}, starting it afresh: ${(err as Error).message}`);
      zygote.discard();
      return undefined;
    }
  }

  private refillTakenOnce(): void {
    const refill = this.refillTaken;
    this.refillTaken = undefined;
    refill?.();
  }

  private launchInSpare(env: Record<string, string>): ChildProcess | undefined {
    const spares = this.setup.spares;
    const spare = spares?.take();
    if (!spares || !spare) return undefined;
    this.refillTaken = () => spares.refill();
    try {
      const child = spare.launch(this.setup.plan, env, this.setup.memorySize, this.id);
      this.cgroup = spare.cgroup;
      return child;
    } catch (err) {
      // The spare's group could not take this environment's name or limit: start the usual way instead.
      this.setup.warn(`lambkin engine: spare launcher unusable for environment ${this.id}, starting it afresh: ${(err as Error).message}`);
      spare.discard();
      return undefined;
    }
  }

  private launchFresh(env: Record<string, string>): ChildProcess {
    if (this.setup.cgroupVersion) {
      try {
        this.cgroup = createCgroup(this.setup.cgroupVersion, this.id, this.setup.memorySize);
      } catch (err) {
        this.setup.warn(`lambkin engine: no memory limit for this environment: ${(err as Error).message}`);
      }
    }
    return launch(this.setup.plan, env, this.cgroup);
  }

  /** bwrap reports a sandboxed process killed by signal N as exit status 128+N. */
  private exitStatus(code: number | null, signal: NodeJS.Signals | null): [number | null, NodeJS.Signals | null] {
    if (this.setup.plan.kind === 'bwrap' && code !== null && code > 128) {
      const name = signalName(code - 128) ?? signal;
      if (name) return [null, name];
    }
    return [code, signal];
  }

  /**
   * Whether a connection was opened by this environment's own processes: those of its cgroup (which
   * holds everything the runtime starts), or the launched process and its descendants without one.
   */
  owns(socket: Socket): Promise<boolean> {
    const root = this.child?.pid;
    if (root === undefined) return Promise.resolve(false);
    return connectionFrom(socket, () => this.members(root));
  }

  private members(root: number): number[] {
    const members = this.cgroup?.pids();
    return members && members.length > 0 ? members : processTree(root);
  }

  oomKilled(): boolean {
    return (this.cgroup?.oomKills() ?? 0) > 0;
  }

  /** The environment's peak so far (cgroup or the runtime's high-water RSS), at most its MemorySize; see MemoryMeter. */
  maxMemoryUsedMb(ranMs?: number): number {
    return this.meter().peakMb(ranMs);
  }

  /** Reads the figure now, for a process about to go (its /proc status goes with it). */
  sampleMemory(): void {
    this.meter().sample();
  }

  private meter(): MemoryMeter {
    return (this.memoryMeter ??= new MemoryMeter(this.setup.memorySize, () => this.child?.pid, () => this.cgroup));
  }

  /**
   * Between invocations nothing of the environment runs: background loops, timers and children stop
   * where they are (the cgroup freezer; SIGSTOP to every process of the tree where there is none).
   * Called once the runtime waits in `next`, so its response has been received in full.
   */
  freeze(): void {
    this.refillTakenOnce();
    if (this.idle || this.killed || this.child?.pid === undefined) return;
    this.idle = true;
    // Held still once idle for a moment: back-to-back invocations, the hot path, never pay for a
    // freeze and a thaw (about 0.13 ms of kernel time each with a v1 freezer).
    this.freezeTimer = setTimeout(() => {
      this.freezeTimer = undefined;
      this.holdStill();
    }, FREEZE_AFTER_IDLE_MS);
  }

  private holdStill(): void {
    const root = this.child?.pid;
    if (!this.idle || this.killed || root === undefined) return;
    this.held = true;
    if (this.cgroup?.freezable) return this.followFreezer(this.cgroup);
    try {
      this.stoppedPids = this.members(root);
      signalAll(this.stoppedPids, 'SIGSTOP');
    } catch (err) {
      if (this.freezeFailed) return;
      this.freezeFailed = true;
      this.setup.warn(`lambkin engine: cannot freeze environment ${this.id} (it keeps running while idle): ${(err as Error).message}`);
    }
  }

  /** Lets the environment run again; before its runtime is handed the next event. */
  thaw(): void {
    if (!this.idle) return;
    this.idle = false;
    this.held = false;
    if (this.freezeTimer) clearTimeout(this.freezeTimer);
    this.freezeTimer = undefined;
    if (this.cgroup?.freezable) return this.followFreezer(this.cgroup);
    try {
      if (this.stoppedPids) signalAll(this.stoppedPids, 'SIGCONT');
    } catch (err) {
      this.setup.warn(`lambkin engine: cannot thaw environment ${this.id}: ${(err as Error).message}`);
    }
    this.stoppedPids = undefined;
  }

  /**
   * SIGKILL to every process of the environment's tree: its process group, every member of its cgroup,
   * and (without a cgroup) every descendant, even one that left the group. Frozen first, so nothing
   * forks between listing and killing, then thawed, since a frozen process dies only once it runs.
   */
  kill(): void {
    // A killed process has no status left to read: keep its figure for the REPORT line still to come.
    if (!this.killed) this.sampleMemory();
    this.killed = true;
    if (this.freezeTimer) clearTimeout(this.freezeTimer);
    this.freezeTimer = undefined;
    const child = this.child;
    const alive = child?.pid !== undefined && child.exitCode === null && child.signalCode === null;
    const cgroup = this.cgroup;
    if (cgroup?.freezable) this.tryFreezer(cgroup, 'freeze');
    if (alive && !cgroup) signalAll(processTree(child.pid!), 'SIGKILL');
    if (alive) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is already empty (ESRCH) while the child is not yet reaped: signal the child itself.
        child.kill('SIGKILL');
      }
    }
    cgroup?.killAll();
    if (this.stoppedPids) signalAll(this.stoppedPids, 'SIGCONT');
    this.stoppedPids = undefined;
    this.idle = false;
    this.held = false;
    if (cgroup?.freezable) {
      this.tryFreezer(cgroup, 'thaw');
      // A freeze still under way lands after this thaw: the writer then thaws again.
      this.freezerApplied = false;
    }
  }

  /**
   * Brings the group's freezer to what is wanted now (held still while idle, never once killed), one
   * write at a time and off the event loop. A wish that changes while a write is under way is applied
   * after it, so the last one always wins. The event for a thawing runtime waits in its socket until the
   * thaw lands.
   */
  private followFreezer(cgroup: Cgroup): void {
    if (this.freezerWriting) return;
    const wanted = this.held && !this.killed;
    if (wanted === this.freezerApplied) return;
    this.freezerWriting = true;
    cgroup.setFrozen(wanted).then(
      () => { this.freezerApplied = wanted; },
      (err: Error) => {
        // Gone with its processes (after a kill) is expected. Otherwise said once; a thaw that failed is
        // tried once more the blocking way, since a runtime left frozen would never take its event.
        // Once killed the group is going or gone: nothing more to write (retrying would spin).
        if (this.killed) {
          this.freezerApplied = wanted;
          return;
        }
        if (!wanted) this.tryFreezer(cgroup, 'thaw');
        this.freezerApplied = false;
        if (this.freezeFailed) return;
        this.freezeFailed = true;
        this.setup.warn(`lambkin engine: cannot ${wanted ? 'freeze' : 'thaw'} environment ${this.id}: ${err.message}`);
      },
    ).finally(() => {
      this.freezerWriting = false;
      // A failing freeze is not retried in a loop: the next idle period tries again.
      if (!this.freezeFailed || !this.held) this.followFreezer(cgroup);
    });
  }

  private tryFreezer(cgroup: Cgroup, action: 'freeze' | 'thaw'): void {
    try {
      cgroup[action]();
    } catch {
      // The group is already gone with its processes: nothing left to hold still.
    }
  }

  /**
   * After the process exited: kills what is still in the cgroup (a process forked while the kill was
   * under way), then removes it; resolves once it is gone.
   */
  async release(): Promise<void> {
    this.refillTakenOnce();
    this.memoryMeter?.close();
    this.child = undefined;
    const zygote = this.zygote;
    this.zygote = undefined;
    // Its code dirs are no longer shown to anything once the sandbox is gone.
    if (zygote) await zygote.removeDirs().catch((err: Error) => this.setup.warn(`lambkin engine: code dirs of environment ${this.id} not removed: ${err.message}`));
    const cgroup = this.cgroup;
    this.cgroup = undefined;
    if (!cgroup) return;
    for (let attempt = 0; attempt < DRAIN_ATTEMPTS && cgroup.pids().length > 0; attempt++) {
      if (cgroup.freezable) this.tryFreezer(cgroup, 'freeze');
      cgroup.killAll();
      if (cgroup.freezable) this.tryFreezer(cgroup, 'thaw');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const left = cgroup.pids();
    if (left.length > 0) this.setup.warn(`lambkin engine: environment ${this.id} still has processes after kill: ${left.join(' ')}`);
    await cgroup.remove();
  }
}

/** How long an environment is idle before it is frozen (see freeze). */
const FREEZE_AFTER_IDLE_MS = 10;

/** How often release() kills what is left in the cgroup before giving up (20 ms apart). */
const DRAIN_ATTEMPTS = 100;

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Exited since it was listed.
    }
  }
}

function signalName(n: number): NodeJS.Signals | undefined {
  for (const [name, value] of Object.entries(osConstants.signals)) if (value === n) return name as NodeJS.Signals;
  return undefined;
}
