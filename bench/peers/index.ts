/** `--peers`: serverless-offline's invoke path and moto_server's control plane, each next to Lambkin's, interleaved. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { keepAliveAgent, rawInvoker, sdkClient, sdkInvoker } from '../clients.js';
import { zip } from '../collector.js';
import { create, NODE_ECHO } from '../cold.js';
import { pairedLatency, pairedThroughput, samples } from '../measure.js';
import { startMoto, type Child } from '../processes.js';
import { latency, latencyLine, throughputLine } from '../stats.js';
import type { Aims } from '../aims.js';
import { FIRST_FUNCTIONS, functionName, startServerlessOffline } from './serverless-offline.js';

const run = promisify(execFile);
const SCRIPT = new URL('./control_plane.py', import.meta.url).pathname;
const PEER = 'sls-offline';

export async function serverlessSection(lambkinSdk: LambdaClient, lambkin: Child, fn: string, aims: Aims, say: (line: string) => void): Promise<void> {
  let sls: Child;
  try {
    sls = await startServerlessOffline(say);
  } catch (err) {
    say(`serverless-offline: not available (${String((err as Error).message).split('\n')[0]})`);
    for (const name of ['warm p50 JS SDK', 'warm p50 raw', 'throughput 4 SDK callers', 'first invoke of a new Node function']) {
      aims.record(`ahead of serverless-offline: ${name}`, 'lambkin ahead', 'not available', undefined);
    }
    return;
  }
  const slsSdk = sdkClient(sls.url);
  const agent = keepAliveAgent(4);
  try {
    const [sdkL, sdkP] = await pairedLatency(sdkInvoker(lambkinSdk, fn), sdkInvoker(slsSdk, functionName('echo')));
    say(latencyLine('warm invoke, JS SDK', sdkL, sdkP, PEER));
    say(aims.ratio('ahead of serverless-offline: warm p50 JS SDK', sdkL.p50, sdkP.p50, 1, true));
    const [rawL, rawP] = await pairedLatency(rawInvoker(lambkin.url, fn, agent), rawInvoker(sls.url, functionName('echo'), agent));
    say(latencyLine('warm invoke, raw HTTP', rawL, rawP, PEER));
    say(aims.ratio('ahead of serverless-offline: warm p50 raw', rawL.p50, rawP.p50, 1, true));
    const [tpL, tpP] = await pairedThroughput(sdkInvoker(lambkinSdk, fn), sdkInvoker(slsSdk, functionName('echo')), 4, 2000);
    say(throughputLine('throughput, JS SDK, 4 callers', tpL, tpP, PEER));
    say(aims.ratio('ahead of serverless-offline: throughput 4 SDK callers', tpL, tpP, 1, false));

    const code = await zip(NODE_ECHO);
    const first = { lambkin: [] as number[], peer: [] as number[] };
    for (let i = 0; i < FIRST_FUNCTIONS; i++) {
      await create(lambkinSdk, `peer-first-${i}`, 'nodejs20.x', 'index.handler', code);
      first.lambkin.push(...await samples(rawInvoker(lambkin.url, `peer-first-${i}`, agent), 1));
      first.peer.push(...await samples(rawInvoker(sls.url, functionName(`first${i}`), agent), 1));
    }
    const [fl, fp] = [latency(first.lambkin), latency(first.peer)];
    say(latencyLine('first invoke, new Node function', fl, fp, PEER));
    say(aims.ratio('ahead of serverless-offline: first invoke of a new Node function', fl.p50, fp.p50, 1, true));
  } finally {
    slsSdk.destroy();
    agent.destroy();
    await sls.stop();
  }
}

export async function motoSection(lambkin: Child, aims: Aims, say: (line: string) => void): Promise<void> {
  let moto: Child;
  try {
    moto = await startMoto();
  } catch (err) {
    say(`moto_server: not available (${(err as Error).message})`);
    for (const label of ['GetFunction', 'CreateFunction']) aims.record(`ahead of moto_server: ${label}/s`, '>= 1x', 'not available', undefined);
    return;
  }
  try {
    const { stdout } = await run('python3', [SCRIPT, `lambkin=${lambkin.url}`, `moto=${moto.url}`], { timeout: 120_000 });
    const rates = JSON.parse(stdout) as Record<'lambkin' | 'moto', { get: number; create: number }>;
    for (const [op, label] of [['get', 'GetFunction'], ['create', 'CreateFunction']] as const) {
      const [l, m] = [rates.lambkin[op], rates.moto[op]];
      say(`${`control plane, boto3 ${label}`.padEnd(34)} ${l.toFixed(0).padStart(6)} /s  | moto_server ${m.toFixed(0).padStart(6)} /s  | ratio ${(l / m).toFixed(2)}x (lambkin/moto)`);
      say(aims.ratio(`ahead of moto_server: ${label}/s`, l, m, 1, false));
    }
  } catch (err) {
    say(`moto_server control plane: failed (${String((err as Error).message).split('\n').slice(0, 3).join(' ')})`);
  } finally {
    await moto.stop();
  }
}
