import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Socket } from 'node:net';
import { clientSocketOf } from './client-socket.js';

/**
 * Who is on the other end of a loopback TCP connection. Sandboxes share the host's network, so any
 * process can connect to any environment's Runtime API port; the port serves a connection only when the
 * connecting socket belongs to a process of its own environment.
 *
 * The kernel names the client socket's inode (client-socket.ts: one exact sock_diag lookup, or the /proc
 * table where that cannot run); a process holds the socket when one of its /proc/PID/fd entries links to
 * `socket:[INODE]`. Everything is read afresh for each connection.
 */

/** Whether process `pid` has a file descriptor open on the socket with this inode. */
export function holdsSocket(pid: number, inode: string): boolean {
  const dir = `/proc/${pid}/fd/`;
  let fds: string[];
  try {
    fds = readdirSync(dir);
  } catch {
    return false;
  }
  const target = `socket:[${inode}]`;
  // Highest first: a process's newest socket usually takes the next fd number past those it holds.
  for (let i = fds.length - 1; i >= 0; i--) {
    try {
      if (readlinkSync(dir + fds[i]) === target) return true;
    } catch {
      // Closed while we looked: not the one.
    }
  }
  return false;
}

/** A process and all its descendants (children of every thread), parents first. */
export function processTree(root: number, limit = 4096): number[] {
  const tree: number[] = [];
  const pending = [root];
  while (pending.length > 0 && tree.length < limit) {
    const pid = pending.shift()!;
    tree.push(pid);
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      try {
        for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'latin1').split(' ')) {
          if (child) pending.push(Number(child));
        }
      } catch {
        // The thread ended while we looked.
      }
    }
  }
  return tree;
}

/** Whether any of `pids` holds the socket; the newest processes (likeliest to be connecting) first. */
export function anyHoldsSocket(pids: readonly number[], inode: string): boolean {
  for (let i = pids.length - 1; i >= 0; i--) if (holdsSocket(pids[i]!, inode)) return true;
  return false;
}

/**
 * Whether an accepted connection was opened by one of the processes `pidsOf()` lists (asked only once the
 * client socket is found). Anything unknown — the socket already gone, /proc unreadable — counts as no.
 */
export async function connectionFrom(socket: Socket, pidsOf: () => readonly number[]): Promise<boolean> {
  const { remoteAddress, remotePort, localAddress, localPort } = socket;
  if (!remoteAddress || !remotePort || !localAddress || !localPort) return false;
  const inode = await clientSocketOf({ localAddress, localPort, remoteAddress, remotePort });
  return inode !== undefined && !socket.destroyed && anyHoldsSocket(pidsOf(), inode);
}
