import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { HeldFile } from './held-file.js';
import type { Cgroup } from './sandbox/cgroups.js';

const MB = 1024 * 1024;
/** An invocation this short can have grown the environment's memory by a few MB at most. */
const SHORT_RUN_MS = 1;
/** A figure reused for short invocations is read again at least this often. */
const RESAMPLE_MS = 100;

function fieldKb(text: string | undefined, field: string): number {
  const at = text === undefined ? -1 : text.indexOf(`${field}:`);
  return at === -1 ? 0 : parseInt(text!.slice(at + field.length + 1), 10) || 0;
}

function statusKb(pid: number, field: string): number {
  try {
    return fieldKb(readFileSync(`/proc/${pid}/status`, 'latin1'), field);
  } catch {
    return 0;
  }
}

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The process of a tree with the highest resident high-water mark (VmHWM), and that mark in bytes. */
export function largestOfTree(root: number): { pid: number; bytes: number } | undefined {
  let best: { pid: number; bytes: number } | undefined;
  const pending = [root];
  for (let visited = 0; pending.length > 0 && visited < 64; visited++) {
    const pid = pending.pop()!;
    const bytes = statusKb(pid, 'VmHWM') * 1024;
    if (bytes > 0 && (!best || bytes > best.bytes)) best = { pid, bytes };
    pending.push(...children(pid));
  }
  return best;
}

/**
 * `Max Memory Used` of one environment: its peak so far, as AWS reports it (the figure of a warm
 * environment never goes down between invocations; nothing is reset).
 *
 * Two measures, the larger wins:
 * - the cgroup's peak (v1 memory.max_usage_in_bytes, v2 memory.peak) covers every process of the
 *   environment, but only the pages charged to it: an interpreter's code and libraries already in the
 *   host's page cache (the server itself runs on the same node binary) are charged elsewhere, so a Node
 *   function that allocates nothing would read 8 MB;
 * - the runtime process's own high-water RSS (VmHWM) counts those shared pages, as a microVM's
 *   memory does on AWS.
 * The figure is capped at MemorySize: on AWS the limit covers everything the environment holds.
 *
 * The runtime process (the largest of the tree) is found once; each invocation then re-reads the
 * cgroup's peak (a small file held open, ~1 µs), and the runtime's /proc/PID/status (~7 µs: the kernel
 * renders all of it) only when that peak moved: memory the runtime takes is charged to its cgroup, so
 * while the cgroup's peak stands still, so does the runtime's high-water mark. Without a cgroup it is
 * read every time. The highest figure read is kept: a process that was killed (timeout) or exited has
 * no status left, and its high-water mark only ever grew. `close` releases the held file when the
 * environment ends.
 *
 * Back-to-back short invocations reuse the last figure: one that ran under SHORT_RUN_MS can only have
 * faulted in a few MB, and the figure is read again after any longer one, and at least every
 * RESAMPLE_MS, so a warm invocation pays for no file read at all.
 */
export class MemoryMeter {
  private runtimeStatus?: HeldFile;
  private highestRuntimeBytes = 0;
  private lastCgroupBytes: number | undefined;
  private lastMb: number | undefined;
  private readAt = 0;

  constructor(
    private readonly memorySizeMb: number,
    private readonly rootPid: () => number | undefined,
    private readonly cgroup: () => Cgroup | undefined,
  ) {}

  /** Reads the runtime's mark now (before the environment is killed). */
  sample(): void {
    this.runtimeHighWater();
  }

  /** The figure after an invocation that ran `ranMs` (omitted: read now, whatever ran). */
  peakMb(ranMs = Infinity): number {
    const now = performance.now();
    if (this.lastMb !== undefined && ranMs < SHORT_RUN_MS && now - this.readAt < RESAMPLE_MS) return this.lastMb;
    const cgroupBytes = this.cgroup()?.peakBytes();
    const moved = cgroupBytes === undefined || cgroupBytes !== this.lastCgroupBytes;
    this.lastCgroupBytes = cgroupBytes;
    const bytes = Math.max(cgroupBytes ?? 0, moved ? this.runtimeHighWater() : this.highestRuntimeBytes);
    const mb = bytes <= 0 ? 0 : Math.min(this.memorySizeMb, Math.max(1, Math.round(bytes / MB)));
    this.lastMb = mb;
    this.readAt = now;
    return mb;
  }

  close(): void {
    this.runtimeStatus?.close();
    this.runtimeStatus = undefined;
  }

  private runtimeHighWater(): number {
    let bytes = fieldKb(this.runtimeStatus?.read(), 'VmHWM') * 1024;
    if (bytes === 0) {
      this.close();
      const root = this.rootPid();
      const largest = root === undefined ? undefined : largestOfTree(root);
      if (largest) this.runtimeStatus = new HeldFile(`/proc/${largest.pid}/status`, 4096);
      bytes = largest?.bytes ?? 0;
    }
    this.highestRuntimeBytes = Math.max(this.highestRuntimeBytes, bytes);
    return this.highestRuntimeBytes;
  }
}
