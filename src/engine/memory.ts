import { readFileSync } from 'node:fs';

function statusKb(pid: number, field: string): number {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const at = text.indexOf(`${field}:`);
    return at === -1 ? 0 : parseInt(text.slice(at + field.length + 1), 10) || 0;
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

/** Peak resident memory of a process tree from /proc, for hosts without a memory cgroup. */
export function peakMemoryOfTree(root: number): number | undefined {
  let peakKb = 0;
  const pending = [root];
  for (let depth = 0; pending.length > 0 && depth < 64; depth++) {
    const pid = pending.pop()!;
    peakKb = Math.max(peakKb, statusKb(pid, 'VmHWM'));
    pending.push(...children(pid));
  }
  return peakKb > 0 ? peakKb * 1024 : undefined;
}
