import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CGROUP_ROOT, GROUP_PARENT, killProcs, readProcs, type CgroupVersion } from './cgroups.js';

/** The parent pid of a process, from /proc/PID/stat (after the command name, which may hold spaces). */
function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * Frozen groups whose server died: their processes were orphaned (reparented to init) while frozen, so
 * the SIGKILL bwrap sends when its parent dies is pending and never taken, and they would stay forever.
 * Each is killed and thawed. A group any of whose processes still has a live parent outside the group
 * (another server's idle environment) is left frozen.
 */
export function releaseOrphanedFreezers(version: CgroupVersion): number {
  const parent = version === 1 ? join(CGROUP_ROOT, 'freezer', GROUP_PARENT) : join(CGROUP_ROOT, GROUP_PARENT);
  const [stateFile, frozenText, thawText] = version === 1 ? ['freezer.state', 'FROZEN', 'THAWED'] : ['cgroup.freeze', '1', '0'];
  let released = 0;
  let names: string[] = [];
  try {
    names = readdirSync(parent, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return 0;
  }
  for (const name of names) {
    const dir = join(parent, name);
    try {
      if (readFileSync(join(dir, stateFile), 'utf8').trim() !== frozenText) continue;
      const members = readProcs(join(dir, 'cgroup.procs'));
      const owned = members.some((pid) => {
        const ppid = parentPid(pid);
        return ppid !== undefined && ppid > 1 && !members.includes(ppid);
      });
      if (owned) continue;
      killProcs(join(dir, 'cgroup.procs'));
      writeFileSync(join(dir, stateFile), thawText);
      released++;
    } catch {
      // Gone meanwhile, or no freezer in this group: nothing held.
    }
  }
  return released;
}
