/** The measuring loops: sequential samples, closed-loop throughput, and Lambkin/reference rounds interleaved. */
import { performance } from 'node:perf_hooks';
import type { Invoker } from './clients.js';
import { latency, type Latency } from './stats.js';

export const PAYLOAD = Buffer.from('{"hello":"world","n":1}');
const WARMUP = 200;
const ROUNDS = 4;
const PER_ROUND = 400;

export async function samples(invoke: Invoker, n: number, extra?: Record<string, string>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await invoke(PAYLOAD, extra);
    out.push(performance.now() - t0);
  }
  return out;
}

/** `callers` loops invoking back to back for `ms`; answers per second. */
export async function throughput(invoke: Invoker, callers: number, ms: number): Promise<{ done: number; seconds: number }> {
  const deadline = performance.now() + ms;
  let done = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: callers }, async () => {
    while (performance.now() < deadline) {
      await invoke(PAYLOAD);
      done++;
    }
  }));
  return { done, seconds: (performance.now() - t0) / 1000 };
}

/** Both sides measured in alternating rounds, so drift on a busy machine hits both alike. */
export async function pairedLatency(a: Invoker, b: Invoker): Promise<[Latency, Latency]> {
  await samples(a, WARMUP);
  await samples(b, WARMUP);
  const sa: number[] = [];
  const sb: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    sa.push(...await samples(a, PER_ROUND));
    sb.push(...await samples(b, PER_ROUND));
  }
  return [latency(sa), latency(sb)];
}

/** Throughput of both sides in alternating rounds of `ms / rounds` each. */
export async function pairedThroughput(a: Invoker, b: Invoker, callers: number, ms: number, rounds = 2): Promise<[number, number]> {
  const ta = { done: 0, seconds: 0 };
  const tb = { done: 0, seconds: 0 };
  for (let round = 0; round < rounds; round++) {
    for (const [invoke, total] of [[a, ta], [b, tb]] as const) {
      const r = await throughput(invoke, callers, ms / rounds);
      total.done += r.done;
      total.seconds += r.seconds;
    }
  }
  return [ta.done / ta.seconds, tb.done / tb.seconds];
}
