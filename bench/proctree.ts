/** What /proc says about a process tree: children, resident memory, CPU time; Lambkin's environments in it. */
import { readFileSync } from 'node:fs';

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

export function children(pid: number): number[] {
  return (read(`/proc/${pid}/task/${pid}/children`) ?? '').split(' ').filter(Boolean).map(Number);
}

export function descendants(pid: number): number[] {
  const out: number[] = [];
  const pending = children(pid);
  while (pending.length > 0) {
    const next = pending.pop()!;
    out.push(next);
    pending.push(...children(next));
  }
  return out;
}

export const comm = (pid: number) => (read(`/proc/${pid}/comm`) ?? '').trim();

/** VmRSS in bytes (0 for a process that is gone). */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '');
  return m ? Number(m[1]) * 1024 : 0;
}

/** Proportional set size in bytes: shared pages (the interpreter's binary, libc) split among their users. */
export function pssBytes(pid: number): number {
  const m = /^Pss:\s+(\d+) kB/m.exec(read(`/proc/${pid}/smaps_rollup`) ?? '');
  return m ? Number(m[1]) * 1024 : 0;
}

/** Clock ticks per second for /proc/<pid>/stat; 100 on every Linux this runs on (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** utime + stime of a process (all its threads), in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = read(`/proc/${pid}/stat`) ?? '';
  // Fields after the command (which may hold spaces) start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

export interface Environment { root: number; pids: number[]; interpreter: 'node' | 'python' | 'other'; rss: number; pss: number }

/** Each sandbox under the server: a bwrap the server started, with everything under it (bwrap's init, the runtime). */
export function environments(serverPid: number): Environment[] {
  return children(serverPid).filter((pid) => comm(pid) === 'bwrap').map((root) => {
    const pids = [root, ...descendants(root)];
    const names = pids.map(comm);
    const interpreter = names.some((n) => n === 'node') ? 'node' : names.some((n) => n.startsWith('python')) ? 'python' : 'other';
    const sum = (of: (pid: number) => number) => pids.reduce((total, p) => total + of(p), 0);
    return { root, pids, interpreter, rss: sum(rssBytes), pss: sum(pssBytes) };
  });
}
