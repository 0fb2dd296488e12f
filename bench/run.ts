/**
 * `npm run bench [-- --peers]`: Lambkin against floors measured in the same run, every aim of the
 * performance issue judged met/unmet, and (with --peers) serverless-offline and moto_server side by side.
 * bench/README.md says how to read each line. Loopback only, bounded loops: ~2-3 minutes (~6 with --peers).
 * `-- --only warm,cpu,cold,prestart,peers,memory` runs only those sections (peers implies --peers);
 * `-- --cold-only [runs]` only the cold-start section, with more samples.
 */
import { performance } from 'node:perf_hooks';
import { sdkClient } from './clients.js';
import { zip } from './collector.js';
import { Aims } from './aims.js';
import { coldSection, create, NODE_ECHO, prestartSection } from './cold.js';
import { cpuSection } from './cpu.js';
import { idleMemorySection, scaleSection } from './memory.js';
import { motoSection, serverlessSection } from './peers/index.js';
import { startEcho, startLambkin, startRelay, type Child } from './processes.js';
import { warmSection } from './warm.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const COLD_ONLY = process.argv.includes('--cold-only');
const COLD_RUNS = COLD_ONLY ? Number(process.argv[process.argv.indexOf('--cold-only') + 1]) || 20 : 12;
const ONLY = COLD_ONLY ? ['cold'] : process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : undefined;
const PEERS = process.argv.includes('--peers') || ONLY?.includes('peers') === true;
const runs = (name: string) => (name === 'peers' ? PEERS : !ONLY || ONLY.includes(name));
const HARD_LIMIT_MS = PEERS ? 600_000 : 360_000;
const FN = 'bench-echo';

/** Nothing pre-started, said explicitly; a Lambkin without the option is started without it. */
async function startPlainLambkin(): Promise<Child> {
  try {
    return await startLambkin({}, ['--prestart', '0']);
  } catch {
    return startLambkin();
  }
}

async function main(): Promise<void> {
  const guard = setTimeout(() => { console.error('bench: over the time limit, stopping'); process.exit(1); }, HARD_LIMIT_MS);
  guard.unref();
  const started = performance.now();
  const [lambkin, relay, echo] = await Promise.all([startPlainLambkin(), startRelay(), startEcho()]);
  const lambkinSdk = sdkClient(lambkin.url);
  const relaySdk = sdkClient(relay.url);
  const aims = new Aims();
  const say = (line: string) => console.log(line);
  const section = (title: string) => console.log(`\n== ${title} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  try {
    say(`lambkin ${lambkin.url} (pid ${lambkin.pid}), floor relay ${relay.url} (pid ${relay.pid}), bare echo ${echo.url}`);
    await create(lambkinSdk, FN, 'nodejs20.x', 'index.handler', await zip(NODE_ECHO));
    if (runs('warm')) {
      section('warm invokes against the floor');
      await warmSection({ lambkin, relay, echo, lambkinSdk, relaySdk, aims, say }, FN);
    }
    if (runs('cpu')) {
      section('CPU per warm invoke');
      await cpuSection(lambkin, relay, FN, aims, say);
    }
    if (runs('cold')) {
      section('first invokes: cold start against the spawn floor');
      await coldSection(lambkinSdk, lambkin, relay, COLD_RUNS, aims, say);
    }
    if (runs('prestart')) {
      section('first invokes with pre-started sandboxes (a second Lambkin)');
      await prestartSection(10, aims, say);
    }
    if (runs('peers')) {
      section('peers: serverless-offline');
      await serverlessSection(lambkinSdk, lambkin, FN, aims, say);
      section('peers: moto_server control plane through boto3');
      await motoSection(lambkin, aims, say);
    }
    if (runs('memory')) {
      // Last: it leaves hundreds of environments behind.
      section('memory and scale');
      await idleMemorySection(lambkinSdk, lambkin, aims, say);
      await scaleSection(lambkinSdk, lambkin, aims, say);
    }
    section('summary');
    for (const line of aims.summary()) say(line);
    say(`\nfinished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    lambkinSdk.destroy();
    relaySdk.destroy();
    await Promise.all([lambkin.stop(), relay.stop(), echo.stop()]);
  }
}

main().catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exit(1);
});
