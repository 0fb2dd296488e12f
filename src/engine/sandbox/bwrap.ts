import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BYTECODE_SLOT } from '../python-bytecode.js';
import type { RuntimeSpec } from '../runtimes.js';

/** Host system dirs shown read-only; /bin, /lib... are often symlinks into /usr and stay symlinks. */
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib64', '/lib32', '/libx32', '/etc'];
/** Files under /etc that are nobody's business inside a function. */
const MASKED_FILES = ['/etc/shadow', '/etc/shadow-', '/etc/gshadow', '/etc/gshadow-', '/etc/sudoers'];
const MASKED_DIRS = ['/etc/ssh', '/etc/sudoers.d', '/etc/ssl/private'];
/**
 * /dev/shm gets its own small tmpfs (Lambda has none; POSIX semaphores and shared memory, as Python's
 * multiprocessing uses them, need only a little). Without it /dev/shm is a directory of /dev's tmpfs,
 * which has no size limit. Docker's default size.
 */
export const SHM_BYTES = 64 * 1024 * 1024;

export interface BwrapMounts {
  codeDir: string;
  optDir?: string;
  runtimeClientDir?: string;
  /** The function's modules compiled ahead (python-bytecode.ts), shown inside the runtime client dir. */
  bytecodeDir?: string;
  spec: RuntimeSpec;
  tmpBytes: number;
}

let systemMounts: string[] | undefined;

/**
 * The host's system dirs and masked files as every sandbox shows them. Looked up once per server: the
 * thirty-odd stat calls took about 0.3 ms, paid on each new function's cold start (twice with --prestart).
 */
function hostSystemMounts(): string[] {
  if (systemMounts) return systemMounts;
  const args: string[] = [];
  for (const dir of SYSTEM_DIRS) {
    if (!existsSync(dir)) continue;
    const st = lstatSync(dir);
    if (st.isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else args.push('--ro-bind', dir, dir);
  }
  for (const file of MASKED_FILES) if (existsSync(file)) args.push('--ro-bind', '/dev/null', file);
  for (const dir of MASKED_DIRS) if (existsSync(dir)) args.push('--tmpfs', dir, '--remount-ro', dir);
  systemMounts = args;
  return args;
}

/** bwrap arguments for one function version; identical for all of its environments. */
export function bwrapArgs(m: BwrapMounts): string[] {
  const args = [
    '--die-with-parent',
    '--new-session',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--hostname',
    'localhost',
    '--cap-drop',
    'ALL',
  ];
  args.push(...hostSystemMounts());
  // /dev read-only (its device nodes stay usable), /dev/shm bounded and world-writable like a host's.
  args.push('--proc', '/proc', '--dev', '/dev', '--perms', '1777', '--size', String(SHM_BYTES), '--tmpfs', '/dev/shm', '--remount-ro', '/dev');
  args.push('--size', String(m.tmpBytes), '--tmpfs', '/tmp');
  const prefix = m.spec.prefix;
  if (prefix && !prefix.startsWith('/usr/') && prefix !== '/usr') args.push('--ro-bind', prefix, prefix);
  // /var/lang is where Lambda keeps the language runtime; PATH and LD_LIBRARY_PATH mention it.
  if (prefix) args.push('--symlink', prefix, '/var/lang');
  args.push('--ro-bind', m.codeDir, '/var/task');
  if (m.runtimeClientDir && existsSync(m.runtimeClientDir)) args.push('--ro-bind', m.runtimeClientDir, '/var/runtime');
  else args.push('--dir', '/var/runtime');
  // Its mount point is in the compiled client's dir; a client run from its source has none.
  if (m.bytecodeDir && m.runtimeClientDir && existsSync(join(m.runtimeClientDir, basename(BYTECODE_SLOT)))) {
    args.push('--ro-bind', m.bytecodeDir, BYTECODE_SLOT);
  }
  if (m.optDir) args.push('--ro-bind', m.optDir, '/opt');
  else args.push('--dir', '/opt');
  // The root tmpfs holds only mount points: nothing outside /tmp is writable.
  args.push('--remount-ro', '/', '--chdir', '/var/task');
  return args;
}
