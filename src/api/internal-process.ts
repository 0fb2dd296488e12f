/**
 * GET /_lambkin/process — the server process's own figures: pid, CPU time used so far and memory, as
 * JSON, so a benchmark can read the server's CPU over a run of invokes. Without a credentials file anyone
 * may read it, as anyone may call the API; with one the request must be signed by a known key.
 */
import type { IncomingMessage } from 'node:http';
import type { Authenticator } from './auth/index.js';
import { signerAccount } from './internal-common.js';

export interface ProcessFigures { pid: number; cpuUsage: NodeJS.CpuUsage; memoryUsage: NodeJS.MemoryUsage }

export async function serveProcess(auth: Authenticator, req: IncomingMessage): Promise<ProcessFigures> {
  if (auth.verifying) await signerAccount(auth, req);
  return { pid: process.pid, cpuUsage: process.cpuUsage(), memoryUsage: process.memoryUsage() };
}
