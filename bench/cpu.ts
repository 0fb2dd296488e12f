/**
 * CPU per warm invoke: the server's own process (process.cpuUsage() through /_lambkin/process) over N
 * sequential raw invokes, and the relay's (utime + stime from /proc) over the same N, for scale.
 */
import { keepAliveAgent, rawInvoker } from './clients.js';
import { samples } from './measure.js';
import { cpuMs } from './proctree.js';
import type { Aims } from './aims.js';
import type { Child } from './processes.js';

const N = 3000;

async function serverCpuMs(lambkin: Child): Promise<number> {
  const figures = await (await fetch(`${lambkin.url}/_lambkin/process`)).json() as { cpuUsage: { user: number; system: number } };
  return (figures.cpuUsage.user + figures.cpuUsage.system) / 1000;
}

export async function cpuSection(lambkin: Child, relay: Child, fn: string, aims: Aims, say: (line: string) => void): Promise<void> {
  const agent = keepAliveAgent(1);
  try {
    const lambkinRaw = rawInvoker(lambkin.url, fn, agent);
    const relayRaw = rawInvoker(relay.url, fn, agent);
    await samples(lambkinRaw, 200);
    const before = await serverCpuMs(lambkin);
    await samples(lambkinRaw, N);
    const server = (await serverCpuMs(lambkin) - before) / N;
    // The relay's runtimes are started by the warm section; run alone, this section starts its own.
    await fetch(`${relay.url}/_bench/runtimes/1`, { method: 'POST' });
    await samples(relayRaw, 200);
    const relayBefore = cpuMs(relay.pid);
    await samples(relayRaw, N);
    const floor = (cpuMs(relay.pid) - relayBefore) / N;
    say(`${'server CPU per warm invoke, raw'.padEnd(34)} ${server.toFixed(3)} ms  | floor relay's own CPU ${floor.toFixed(3)} ms  (n=${N} each, sequential)`);
    say(aims.atMost('server CPU per warm invoke', server, 0.15, 'ms'));
  } finally {
    agent.destroy();
  }
}
