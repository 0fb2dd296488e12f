import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { HeldFile } from '../held-file.js';

export const CGROUP_ROOT = '/sys/fs/cgroup';
export const GROUP_PARENT = 'lambkin';
/** Enough for threads of any runtime, low enough to stop a fork bomb. */
export const PIDS_LIMIT = 1024;

/** One environment's control group(s): memory limit, pids limit, usage and OOM accounting. */
export interface Cgroup {
  /** `cgroup.procs` files the launcher writes the sandbox's first pid into. */
  procsFiles: string[];
  /** Peak memory of the environment in bytes. */
  peakBytes(): number | undefined;
  /** How many processes the kernel killed for lack of memory. */
  oomKills(): number;
  /** Pids of the processes in the group, read now (ascending). */
  pids(): number[];
  /** SIGKILL every process still in the group. */
  killAll(): void;
  /** Remove the group (after its processes are gone); retries briefly while the kernel reaps. */
  remove(): Promise<void>;
  /** Limits memory (and swap) to `memoryMb`. */
  setMemoryLimit(memoryMb: number): void;
  /** Renames the group (same parent): a group made ahead of time takes its environment's id. */
  renameTo(id: string): void;
  /** Whether the group has a freezer (v1 `freezer` controller, v2 `cgroup.freeze`). */
  readonly freezable: boolean;
  /** Stops every process of the group where it stands (no running, forking or dying) until thaw. */
  freeze(): void;
  thaw(): void;
  /**
   * The same, off the event loop: the kernel takes about 0.13 ms for each change of a v1 freezer, too long
   * to block the server on every invocation.
   */
  setFrozen(frozen: boolean): Promise<void>;
}

function renamed(dir: string, id: string): string {
  if (basename(dir) === id) return dir;
  const target = join(dirname(dir), id);
  renameSync(dir, target);
  return target;
}

/** The group's peak memory file, held open: it is read on every invocation. */
function heldPeak(file: HeldFile | undefined): number | undefined {
  const text = file?.read();
  if (text === undefined) return undefined;
  const n = Number(text.trim());
  return Number.isFinite(n) && text.trim() !== '' ? n : undefined;
}

function readNumber(file: string): number | undefined {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

function readKeyed(file: string, key: string): number {
  try {
    const match = new RegExp(`^${key} (\\d+)$`, 'm').exec(readFileSync(file, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Pids listed in a `cgroup.procs` file, ascending; none when it cannot be read. */
export function readProcs(procsFile: string): number[] {
  let text = '';
  try {
    text = readFileSync(procsFile, 'latin1');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const line of text.split('\n')) {
    const pid = Number(line);
    if (pid > 0) pids.push(pid);
  }
  return pids.sort((a, b) => a - b);
}

export function killProcs(procsFile: string): void {
  for (const pid of readProcs(procsFile)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/** rmdir fails with EBUSY until the kernel has reaped the group's last task: retry for a while. */
async function removeDir(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      rmdirSync(dir);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Which cgroup layout the host has, and whether we may create groups in it. */
export type CgroupVersion = 1 | 2;

export function detectCgroupVersion(): CgroupVersion | undefined {
  if (existsSync(join(CGROUP_ROOT, 'cgroup.controllers'))) return 2;
  if (existsSync(join(CGROUP_ROOT, 'memory', 'memory.limit_in_bytes'))) return 1;
  return undefined;
}

class CgroupV1 implements Cgroup {
  procsFiles: string[] = [];
  private peakFile?: HeldFile;
  constructor(
    private memoryDir: string,
    private pidsDir: string | undefined,
    private freezerDir: string | undefined,
  ) {
    this.setProcsFiles();
  }
  private setProcsFiles(): void {
    this.procsFiles = [join(this.memoryDir, 'cgroup.procs')];
    if (this.pidsDir) this.procsFiles.push(join(this.pidsDir, 'cgroup.procs'));
    if (this.freezerDir) this.procsFiles.push(join(this.freezerDir, 'cgroup.procs'));
  }
  renameTo(id: string): void {
    this.memoryDir = renamed(this.memoryDir, id);
    if (this.pidsDir) this.pidsDir = renamed(this.pidsDir, id);
    if (this.freezerDir) this.freezerDir = renamed(this.freezerDir, id);
    this.setProcsFiles();
  }
  get freezable(): boolean {
    return this.freezerDir !== undefined;
  }
  freeze(): void {
    if (this.freezerDir) writeFileSync(join(this.freezerDir, 'freezer.state'), 'FROZEN');
  }
  thaw(): void {
    if (this.freezerDir) writeFileSync(join(this.freezerDir, 'freezer.state'), 'THAWED');
  }
  async setFrozen(frozen: boolean): Promise<void> {
    if (this.freezerDir) await writeFile(join(this.freezerDir, 'freezer.state'), frozen ? 'FROZEN' : 'THAWED');
  }
  peakBytes(): number | undefined {
    this.peakFile ??= new HeldFile(join(this.memoryDir, 'memory.max_usage_in_bytes'));
    return heldPeak(this.peakFile);
  }
  oomKills(): number {
    const file = join(this.memoryDir, 'memory.oom_control');
    const kills = readKeyed(file, 'oom_kill');
    if (kills > 0) return kills;
    // Older kernels lack the oom_kill counter: a hit limit is the best sign available.
    return (readNumber(join(this.memoryDir, 'memory.memsw.failcnt')) ?? 0) > 0 ? 1 : 0;
  }
  pids(): number[] {
    return readProcs(this.procsFiles[0]!);
  }
  killAll(): void {
    killProcs(this.procsFiles[0]!);
  }
  async remove(): Promise<void> {
    this.peakFile?.close();
    await Promise.all([
      removeDir(this.memoryDir),
      this.pidsDir ? removeDir(this.pidsDir) : undefined,
      this.freezerDir ? removeDir(this.freezerDir) : undefined,
    ]);
  }
  setMemoryLimit(memoryMb: number): void {
    const bytes = String(memoryMb * 1024 * 1024);
    writeFileSync(join(this.memoryDir, 'memory.limit_in_bytes'), bytes);
    // memory+swap equal to memory: no swapping past the limit (absent when swap accounting is off).
    tryWrite(join(this.memoryDir, 'memory.memsw.limit_in_bytes'), bytes);
  }
}

class CgroupV2 implements Cgroup {
  procsFiles: string[];
  private peakFile?: HeldFile;
  /** `cgroup.freeze` exists from Linux 5.2. */
  readonly freezable: boolean;
  constructor(private dir: string) {
    this.procsFiles = [join(dir, 'cgroup.procs')];
    this.freezable = existsSync(join(dir, 'cgroup.freeze'));
  }
  freeze(): void {
    if (this.freezable) writeFileSync(join(this.dir, 'cgroup.freeze'), '1');
  }
  thaw(): void {
    if (this.freezable) writeFileSync(join(this.dir, 'cgroup.freeze'), '0');
  }
  async setFrozen(frozen: boolean): Promise<void> {
    if (this.freezable) await writeFile(join(this.dir, 'cgroup.freeze'), frozen ? '1' : '0');
  }
  renameTo(id: string): void {
    this.dir = renamed(this.dir, id);
    this.procsFiles = [join(this.dir, 'cgroup.procs')];
  }
  peakBytes(): number | undefined {
    // memory.peak came with Linux 5.19; before it, the usage now is the best figure there is.
    if (!this.peakFile) {
      const peak = join(this.dir, 'memory.peak');
      this.peakFile = new HeldFile(existsSync(peak) ? peak : join(this.dir, 'memory.current'));
    }
    return heldPeak(this.peakFile);
  }
  oomKills(): number {
    return readKeyed(join(this.dir, 'memory.events'), 'oom_kill');
  }
  pids(): number[] {
    return readProcs(this.procsFiles[0]!);
  }
  killAll(): void {
    try {
      writeFileSync(join(this.dir, 'cgroup.kill'), '1');
    } catch {
      killProcs(this.procsFiles[0]!);
    }
  }
  remove(): Promise<void> {
    this.peakFile?.close();
    return removeDir(this.dir);
  }
  setMemoryLimit(memoryMb: number): void {
    writeFileSync(join(this.dir, 'memory.max'), String(memoryMb * 1024 * 1024));
  }
}

function tryWrite(file: string, value: string): boolean {
  try {
    writeFileSync(file, value);
    return true;
  } catch {
    return false;
  }
}

/** A v1 freezer group, or none where the controller is not mounted or not ours to use. */
function freezerGroupV1(id: string): string | undefined {
  const dir = join(CGROUP_ROOT, 'freezer', GROUP_PARENT, id);
  try {
    mkdirSync(dir, { recursive: true });
    return existsSync(join(dir, 'freezer.state')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates a group per environment; throws when the host does not let us (then the caller degrades).
 * Without `memoryMb` the memory limit is left for `setMemoryLimit`.
 */
export function createCgroup(version: CgroupVersion, id: string, memoryMb?: number): Cgroup {
  if (version === 1) {
    const memoryDir = join(CGROUP_ROOT, 'memory', GROUP_PARENT, id);
    mkdirSync(memoryDir, { recursive: true });
    tryWrite(join(memoryDir, 'memory.swappiness'), '0');
    let pidsDir: string | undefined = join(CGROUP_ROOT, 'pids', GROUP_PARENT, id);
    try {
      mkdirSync(pidsDir, { recursive: true });
      writeFileSync(join(pidsDir, 'pids.max'), String(PIDS_LIMIT));
    } catch {
      pidsDir = undefined;
    }
    const group = new CgroupV1(memoryDir, pidsDir, freezerGroupV1(id));
    if (memoryMb !== undefined) group.setMemoryLimit(memoryMb);
    return group;
  }
  const parent = join(CGROUP_ROOT, GROUP_PARENT);
  mkdirSync(parent, { recursive: true });
  tryWrite(join(parent, 'cgroup.subtree_control'), '+memory +pids');
  const dir = join(parent, id);
  mkdirSync(dir);
  tryWrite(join(dir, 'memory.swap.max'), '0');
  tryWrite(join(dir, 'pids.max'), String(PIDS_LIMIT));
  const group = new CgroupV2(dir);
  if (memoryMb !== undefined) group.setMemoryLimit(memoryMb);
  return group;
}

/** Checks once, at start, that a group can be created, limited and removed. */
/** A group left by a server that was killed stays empty; one that is in use fills within moments. */
const STALE_AFTER_MS = 60_000;

/**
 * Removes the groups a killed server left behind: empty ones older than a minute. Other live servers'
 * groups are never empty for that long (environments and spare launchers live in them), so they stay.
 */
export function sweepStaleCgroups(version: CgroupVersion, now = Date.now()): number {
  const parents = version === 1
    ? [join(CGROUP_ROOT, 'memory', GROUP_PARENT), join(CGROUP_ROOT, 'pids', GROUP_PARENT), join(CGROUP_ROOT, 'freezer', GROUP_PARENT)]
    : [join(CGROUP_ROOT, GROUP_PARENT)];
  let removed = 0;
  for (const parent of parents) {
    let names: string[] = [];
    try {
      names = readdirSync(parent, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch {
      continue;
    }
    for (const name of names) {
      const dir = join(parent, name);
      try {
        if (now - statSync(dir).mtimeMs < STALE_AFTER_MS) continue;
        if (readFileSync(join(dir, 'cgroup.procs'), 'utf8').trim() !== '') continue;
        rmdirSync(dir);
        removed++;
      } catch {
        // In use, already gone, or not ours to remove: leave it.
      }
    }
  }
  return removed;
}

export async function probeCgroups(): Promise<{ version?: CgroupVersion; problem?: string }> {
  const version = detectCgroupVersion();
  if (!version) return { problem: 'no cgroup memory controller found under /sys/fs/cgroup' };
  sweepStaleCgroups(version);
  try {
    const probe = createCgroup(version, `probe-${process.pid}-${Date.now()}`, 64);
    await probe.remove();
    return { version };
  } catch (err) {
    return { problem: `cannot create cgroups (${(err as Error).message})` };
  }
}
