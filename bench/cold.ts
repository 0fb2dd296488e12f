/**
 * First invokes: cold start (CreateFunction, then the first invoke, nothing pre-started) against the relay
 * spawning that interpreter and answering once; and, on a Lambkin keeping pre-started sandboxes, the
 * first invoke of a function it has never seen.
 */
import { CreateFunctionCommand, type LambdaClient, type Runtime } from '@aws-sdk/client-lambda';
import { keepAliveAgent, rawInvoker, sdkClient } from './clients.js';
import { zip } from './collector.js';
import { samples } from './measure.js';
import { startLambkin, type Child } from './processes.js';
import { latency, latencyLine, ms } from './stats.js';
import type { Aims } from './aims.js';

export const NODE_ECHO = { 'index.js': 'exports.handler = async (event) => event;\n' };
export const PYTHON_ECHO = { 'app.py': 'def handler(event, context):\n    return event\n' };
const KINDS = [
  { kind: 'node', label: 'Node.js 20', runtime: 'nodejs20.x', handler: 'index.handler', files: NODE_ECHO },
  { kind: 'python', label: 'Python 3.12', runtime: 'python3.12', handler: 'app.handler', files: PYTHON_ECHO },
] as const;
const PRESTART = 2;
/** Time for a Lambkin with pre-started sandboxes to replace the one just claimed. */
const REFILL_MS = 400;

export async function create(
  client: LambdaClient, name: string, runtime: string, handler: string, code: Buffer, settings: { MemorySize?: number; Timeout?: number } = {},
): Promise<void> {
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: runtime as Runtime, Handler: handler, Role: 'arn:aws:iam::000000000000:role/bench', Code: { ZipFile: code }, ...settings,
  }));
}

/** Each run creates a fresh function per runtime and invokes it once, then has the relay spawn a fresh runtime. */
export async function coldSection(lambkinSdk: LambdaClient, lambkin: Child, relay: Child, runs: number, aims: Aims, say: (line: string) => void): Promise<void> {
  const agent = keepAliveAgent(1);
  const relayRaw = rawInvoker(relay.url, 'bench-echo', agent);
  const times = new Map(KINDS.map((k) => [k.kind, { lambkin: [] as number[], floor: [] as number[] }]));
  try {
    for (let i = 0; i < runs; i++) {
      for (const k of KINDS) {
        const name = `cold-${k.kind}-${i}`;
        await create(lambkinSdk, name, k.runtime, k.handler, await zip(k.files));
        times.get(k.kind)!.lambkin.push(...await samples(rawInvoker(lambkin.url, name, agent), 1));
        times.get(k.kind)!.floor.push(...await samples(relayRaw, 1, { 'x-bench-cold': k.kind }));
      }
    }
  } finally {
    agent.destroy();
  }
  for (const k of KINDS) {
    const t = times.get(k.kind)!;
    const [l, f] = [latency(t.lambkin), latency(t.floor)];
    say(latencyLine(`cold start, ${k.label}`, l, f, 'spawn'));
    say(aims.ratio(`cold start ${k.label} vs spawn floor`, l.p50, f.p50, 1.15, true));
  }
}

/** A second Lambkin with `--prestart 2`; says "not available" when this Lambkin has no such option. */
export async function prestartSection(runs: number, aims: Aims, say: (line: string) => void): Promise<void> {
  let lambkin: Child;
  try {
    lambkin = await startLambkin({}, ['--prestart', String(PRESTART)]);
  } catch (err) {
    const why = String((err as Error).message).split('\n').find((l) => /prestart|unknown|option/i.test(l)) ?? 'the server did not start';
    say(`first invoke with pre-started sandboxes: not available (${why.trim()})`);
    for (const k of KINDS) aims.record(`pre-started first invoke ${k.label}`, '<= 10 ms p50', 'not available', undefined);
    return;
  }
  const client = sdkClient(lambkin.url);
  const agent = keepAliveAgent(1);
  try {
    await new Promise((r) => setTimeout(r, 1000)); // the pre-started sandboxes come up
    for (const k of KINDS) {
      const code = await zip(k.files);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const name = `pre-${k.kind}-${i}`;
        await create(client, name, k.runtime, k.handler, code);
        times.push(...await samples(rawInvoker(lambkin.url, name, agent), 1));
        await new Promise((r) => setTimeout(r, REFILL_MS));
      }
      const l = latency(times);
      say(`${`first invoke, pre-started, ${k.label}`.padEnd(34)} p50 ${ms(l.p50)}  p99 ${ms(l.p99)}  (--prestart ${PRESTART}, n=${l.n})`);
      say(aims.atMost(`pre-started first invoke ${k.label} p50`, l.p50, 10, 'ms'));
    }
  } finally {
    client.destroy();
    agent.destroy();
    await lambkin.stop();
  }
}
