/** Warm invokes against the floor: the echo check, latency and throughput through the JS SDK and raw HTTP. */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { keepAliveAgent, rawInvoker, sdkInvoker, type Invoker } from './clients.js';
import { PAYLOAD, pairedLatency, pairedThroughput, throughput } from './measure.js';
import { environments } from './proctree.js';
import { latencyLine, ms, throughputLine } from './stats.js';
import type { Aims } from './aims.js';
import type { Child } from './processes.js';

export const ENVIRONMENTS = 4;
const SDK_CALLERS = 4;
const RAW_CALLERS = 8;
const THROUGHPUT_MS = 2000;

export interface WarmContext {
  lambkin: Child; relay: Child; echo: Child; lambkinSdk: LambdaClient; relaySdk: LambdaClient; aims: Aims; say(line: string): void;
}

const setRuntimes = (relay: Child, n: number) => fetch(`${relay.url}/_bench/runtimes/${n}`, { method: 'POST' });

async function concurrently(invoke: Invoker, callers: number, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.all(Array.from({ length: callers }, () => invoke(PAYLOAD)));
}

export async function warmSection(c: WarmContext, fn: string): Promise<void> {
  const agent = keepAliveAgent(RAW_CALLERS);
  try {
    await setRuntimes(c.relay, ENVIRONMENTS);
    const lambkinRaw = rawInvoker(c.lambkin.url, fn, agent);
    const relayRaw = rawInvoker(c.relay.url, fn, agent);
    await concurrently(lambkinRaw, ENVIRONMENTS, 5);
    c.say(`${environments(c.lambkin.pid).length} Lambkin environments, ${ENVIRONMENTS} floor runtimes\n`);

    const [relayCheck, echo] = await pairedLatency(relayRaw, rawInvoker(c.echo.url, fn, agent));
    const sane = relayCheck.p50 >= echo.p50;
    c.say(`floor check: relay p50 ${ms(relayCheck.p50)} vs bare keep-alive echo p50 ${ms(echo.p50)}: ` +
      `${sane ? 'relay >= echo, as three hops must be' : 'RELAY BELOW ECHO: the measurement is broken'}`);
    c.aims.record('floor check: relay p50 >= bare echo p50', '>= 1x', `${(relayCheck.p50 / echo.p50).toFixed(2)}x`, sane);

    const [sdkL, sdkF] = await pairedLatency(sdkInvoker(c.lambkinSdk, fn), sdkInvoker(c.relaySdk, fn));
    c.say(latencyLine('warm invoke, JS SDK', sdkL, sdkF));
    const [rawL, rawF] = await pairedLatency(lambkinRaw, relayRaw);
    c.say(latencyLine('warm invoke, raw HTTP', rawL, rawF));
    c.say(c.aims.ratio('warm p50 raw vs floor', rawL.p50, rawF.p50, 1.3, true));

    const [sdkTpL, sdkTpF] = await pairedThroughput(sdkInvoker(c.lambkinSdk, fn), sdkInvoker(c.relaySdk, fn), SDK_CALLERS, THROUGHPUT_MS);
    c.say(throughputLine(`throughput, JS SDK, ${SDK_CALLERS} callers`, sdkTpL, sdkTpF));
    c.say(c.aims.ratio(`throughput JS SDK ${SDK_CALLERS} callers vs floor`, sdkTpL, sdkTpF, 0.7, false));

    // Lambkin starts an environment whenever all are busy; the floor gets as many runtimes as Lambkin ends up with.
    await throughput(lambkinRaw, RAW_CALLERS, 500);
    const envs = environments(c.lambkin.pid).length;
    await setRuntimes(c.relay, envs);
    const [rawTpL, rawTpF] = await pairedThroughput(lambkinRaw, relayRaw, RAW_CALLERS, THROUGHPUT_MS);
    c.say(throughputLine(`throughput, raw HTTP, ${RAW_CALLERS} callers`, rawTpL, rawTpF) + `  (${envs} environments each side)`);
    c.say(c.aims.ratio(`throughput raw ${RAW_CALLERS} callers vs floor`, rawTpL, rawTpF, 0.7, false));
  } finally {
    agent.destroy();
  }
}
