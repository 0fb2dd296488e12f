/**
 * `npm run bench`: Lambkin's invoke path against a floor measured in the same run.
 *
 * - warm latency (p50/p99) and throughput, through the JS SDK and through raw keep-alive HTTP;
 * - cold start (first invoke after CreateFunction) for Node.js and Python.
 * The floor does the same hops with nothing else (client -> relay -> long-polling runtime -> client), and
 * for cold start spawns the interpreter and answers once. Loopback only, bounded loops, ~1 minute.
 */
import { performance } from 'node:perf_hooks';
import { CreateFunctionCommand, type LambdaClient, type Runtime } from '@aws-sdk/client-lambda';
import type { Agent } from 'node:http';
import { keepAliveAgent, rawInvoker, sdkClient, sdkInvoker, type Invoker } from './clients.js';
import { zip } from './collector.js';
import { startLambkin, startRelay } from './processes.js';
import { latency, latencyLine, throughputLine, type Latency } from './stats.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const PAYLOAD = Buffer.from('{"hello":"world","n":1}');
const WARMUP = 200;
const WARM_ROUNDS = 4;
const WARM_PER_ROUND = 400;
const CONCURRENCY = 4;
const THROUGHPUT_MS = 2000;
/** `npm run bench -- --cold-only [runs]`: only the cold-start section, with more samples. */
const COLD_ONLY = process.argv.includes('--cold-only');
const COLD_RUNS = COLD_ONLY ? Number(process.argv[process.argv.indexOf('--cold-only') + 1]) || 20 : 10;
const HARD_LIMIT_MS = 180_000;

const NODE_ECHO = { 'index.js': 'exports.handler = async (event) => event;\n' };
const PYTHON_ECHO = { 'app.py': 'def handler(event, context):\n    return event\n' };


async function create(client: LambdaClient, name: string, runtime: string, handler: string, code: Buffer): Promise<void> {
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: runtime as Runtime, Handler: handler, Role: 'arn:aws:iam::000000000000:role/bench', Code: { ZipFile: code },
  }));
}

async function samples(invoke: Invoker, n: number, extra?: Record<string, string>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await invoke(PAYLOAD, extra);
    out.push(performance.now() - t0);
  }
  return out;
}

async function throughput(invoke: Invoker, concurrency: number, ms: number): Promise<number> {
  const deadline = performance.now() + ms;
  let done = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      await invoke(PAYLOAD);
      done++;
    }
  }));
  return done / ((performance.now() - t0) / 1000);
}

/** Lambkin and floor measured in alternating rounds, so drift on a busy machine hits both alike. */
async function pairedLatency(lambkin: Invoker, floor: Invoker): Promise<[Latency, Latency]> {
  await samples(lambkin, WARMUP);
  await samples(floor, WARMUP);
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < WARM_ROUNDS; round++) {
    a.push(...await samples(lambkin, WARM_PER_ROUND));
    b.push(...await samples(floor, WARM_PER_ROUND));
  }
  return [latency(a), latency(b)];
}

async function main(): Promise<void> {
  const guard = setTimeout(() => { console.error('bench: over the time limit, stopping'); process.exit(1); }, HARD_LIMIT_MS);
  guard.unref();
  const started = performance.now();
  const [lambkin, relay] = await Promise.all([startLambkin(), startRelay()]);
  const agent = keepAliveAgent(CONCURRENCY);
  const lambkinSdk = sdkClient(lambkin.url);
  const relaySdk = sdkClient(relay.url);
  const lines: string[] = [];
  const say = (line: string) => { lines.push(line); console.log(line); };
  try {
    console.log(`lambkin ${lambkin.url}, floor relay ${relay.url}; ${CONCURRENCY} environments/runtimes for throughput\n`);
    await create(lambkinSdk, 'bench-echo', 'nodejs20.x', 'index.handler', await zip(NODE_ECHO));
    if (!COLD_ONLY) await warmSection(lambkinSdk, relaySdk, lambkin.url, relay.url, agent, say);
    await coldSection(lambkinSdk, lambkin.url, relay.url, agent, say);
    console.log(`\naims: warm p50 and cold-start p50 within 1.5x the floor. Finished in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    lambkinSdk.destroy();
    relaySdk.destroy();
    agent.destroy();
    await Promise.all([lambkin.stop(), relay.stop()]);
  }
}

async function warmSection(
  lambkinSdk: LambdaClient, relaySdk: LambdaClient, lambkinUrl: string, relayUrl: string, agent: Agent, say: (line: string) => void,
): Promise<void> {
  // CONCURRENCY warm environments on both sides before anything is measured.
  await fetch(`${relayUrl}/_bench/warm/${CONCURRENCY}`, { method: 'POST' });
  const lambkinRaw = rawInvoker(lambkinUrl, 'bench-echo', agent);
  const relayRaw = rawInvoker(relayUrl, 'bench-echo', agent);
  for (let i = 0; i < 5; i++) await Promise.all(Array.from({ length: CONCURRENCY }, () => lambkinRaw(PAYLOAD)));

  const [sdkL, sdkF] = await pairedLatency(sdkInvoker(lambkinSdk, 'bench-echo'), sdkInvoker(relaySdk, 'bench-echo'));
  say(latencyLine('warm invoke, JS SDK', sdkL, sdkF));
  const [rawL, rawF] = await pairedLatency(lambkinRaw, relayRaw);
  say(latencyLine('warm invoke, raw HTTP', rawL, rawF));

  const sdkTpL = await throughput(sdkInvoker(lambkinSdk, 'bench-echo'), CONCURRENCY, THROUGHPUT_MS);
  const sdkTpF = await throughput(sdkInvoker(relaySdk, 'bench-echo'), CONCURRENCY, THROUGHPUT_MS);
  say(throughputLine(`throughput, JS SDK, ${CONCURRENCY} at once`, sdkTpL, sdkTpF));
  const rawTpL = await throughput(lambkinRaw, CONCURRENCY, THROUGHPUT_MS);
  const rawTpF = await throughput(relayRaw, CONCURRENCY, THROUGHPUT_MS);
  say(throughputLine(`throughput, raw HTTP, ${CONCURRENCY} at once`, rawTpL, rawTpF));
}

/** Each run creates a fresh function per runtime and invokes it once, then has the relay spawn a fresh runtime. */
async function coldSection(
  lambkinSdk: LambdaClient, lambkinUrl: string, relayUrl: string, agent: Agent, say: (line: string) => void,
): Promise<void> {
  const relayRaw = rawInvoker(relayUrl, 'bench-echo', agent);
  const nodeZip = await zip(NODE_ECHO);
  const pythonZip = await zip(PYTHON_ECHO);
  const cold = { node: [[], []] as number[][], python: [[], []] as number[][] };
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const [kind, runtime, handler, code] of [
      ['node', 'nodejs20.x', 'index.handler', nodeZip], ['python', 'python3.12', 'app.handler', pythonZip],
    ] as const) {
      const name = `cold-${kind}-${i}`;
      await create(lambkinSdk, name, runtime, handler, code);
      cold[kind][0]!.push(...await samples(rawInvoker(lambkinUrl, name, agent), 1));
      cold[kind][1]!.push(...await samples(relayRaw, 1, { 'x-bench-cold': kind }));
    }
  }
  say(latencyLine('cold start, Node.js 20', latency(cold.node[0]!), latency(cold.node[1]!)));
  say(latencyLine('cold start, Python 3.12', latency(cold.python[0]!), latency(cold.python[1]!)));
}

main().catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exit(1);
});
