import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LambdaClient, PutFunctionConcurrencyCommand, TooManyRequestsException, UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { loadConfig } from '../../src/config.js';
import type { EngineObserver } from '../../src/engine/index.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { deploy, invoke } from '../api/invoke/helpers.js';

type Seen = { kind: keyof EngineObserver; event: any };

/** Records every report, and lets a test wait for one (a fact, not a delay). */
class Recorder {
  readonly seen: Seen[] = [];
  private waiters: { match: (s: Seen) => boolean; resolve: (s: Seen) => void }[] = [];
  readonly observer: EngineObserver;
  constructor() {
    const record = (kind: keyof EngineObserver) => (event: unknown) => {
      const s = { kind, event };
      this.seen.push(s);
      this.waiters = this.waiters.filter((w) => (w.match(s) ? (w.resolve(s), false) : true));
    };
    this.observer = {
      invocationStarted: record('invocationStarted'),
      invocationEnded: record('invocationEnded'),
      coldStart: record('coldStart'),
      throttled: record('throttled'),
      environmentUp: record('environmentUp'),
      environmentDown: record('environmentDown'),
    };
  }
  of(requestIdOrEnv: string): Seen[] {
    return this.seen.filter((s) => s.event.requestId === requestIdOrEnv || s.event.environmentId === requestIdOrEnv);
  }
  next(match: (s: Seen) => boolean): Promise<Seen> {
    const already = this.seen.find(match);
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

const HANDLER = `exports.handler = async (event, context) => {
  if (event.fail) throw new Error('boom');
  if (event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
  if (event.holdUrl) await fetch(event.holdUrl).then((r) => r.text());
  return { requestId: context.awsRequestId };
};
`;

let server: RunningServer;
let client: LambdaClient;
let dataDir: string;
const recorder = new Recorder();
let unsubscribe: () => void;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'lambkin-observer-'));
  server = await startServer(loadConfig({ port: '0', 'data-dir': dataDir, host: '127.0.0.1' }, {}));
  unsubscribe = server.app.engine.observe(recorder.observer);
  client = new LambdaClient({
    endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1,
  });
});
after(async () => {
  unsubscribe();
  client.destroy();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const ARN = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const FN = (name: string) => ({ accountId: '000000000000', region: 'us-east-1', functionName: name, functionArn: ARN(name), version: '$LATEST' });

describe('the engine reports to its observers', () => {
  test('a cold then a warm invoke, an error, and the environment going down when the function is updated', async () => {
    await deploy(client, 'observed', { 'index.js': HANDLER });
    const cold = await invoke(client, 'observed', {});
    const coldId = cold.json<{ requestId: string }>().requestId;
    const warm = await invoke(client, 'observed', {});
    const warmId = warm.json<{ requestId: string }>().requestId;
    const failed = await invoke(client, 'observed', { fail: true });
    assert.equal(failed.functionError, 'Unhandled');

    const coldEvents = recorder.of(coldId);
    assert.deepEqual(coldEvents.map((s) => s.kind), ['invocationStarted', 'coldStart', 'invocationEnded']);
    const environmentId = coldEvents[0]!.event.environmentId as string;
    assert.match(environmentId, /^[0-9a-f]{32}$/);
    assert.deepEqual(coldEvents[0]!.event, { fn: FN('observed'), requestId: coldId, environmentId, cold: true });
    assert.equal(typeof coldEvents[1]!.event.initDurationMs, 'number');
    assert.ok(coldEvents[1]!.event.initDurationMs > 0);
    const coldEnd = coldEvents[2]!.event;
    assert.deepEqual({ ...coldEnd, durationMs: undefined }, { fn: FN('observed'), requestId: coldId, environmentId, cold: true, outcome: 'success', durationMs: undefined });
    assert.ok(coldEnd.durationMs > 0);

    assert.deepEqual(recorder.of(warmId).map((s) => [s.kind, s.event.cold, s.event.outcome]), [
      ['invocationStarted', false, undefined],
      ['invocationEnded', false, 'success'],
    ]);
    assert.equal(recorder.of(warmId)[0]!.event.environmentId, environmentId);
    const errorEnd = recorder.seen.filter((s) => s.kind === 'invocationEnded').at(-1)!.event;
    assert.deepEqual([errorEnd.outcome, errorEnd.cold, errorEnd.environmentId, errorEnd.errorType], ['error', false, environmentId, undefined]);
    // The function's own error carries the type its runtime named.
    assert.equal(errorEnd.functionErrorType, 'Error');

    const up = recorder.of(environmentId).filter((s) => s.kind === 'environmentUp');
    assert.deepEqual(up.map((s) => s.event), [{ fn: FN('observed'), environmentId }]);
    assert.equal(recorder.of(environmentId).some((s) => s.kind === 'environmentDown'), false);
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'observed', Description: 'changed' }));
    const down = await recorder.next((s) => s.kind === 'environmentDown' && s.event.environmentId === environmentId);
    assert.deepEqual(down.event, { fn: FN('observed'), environmentId, reason: 'retired' });
  });

  test('a timeout ends with outcome timeout and its environment goes down for it', async () => {
    await deploy(client, 'observed-slow', { 'index.js': HANDLER }, { timeout: 1 });
    const r = await invoke(client, 'observed-slow', { sleepMs: 10_000 });
    assert.equal(JSON.parse(r.text).errorType, 'Sandbox.Timedout');
    const ended = recorder.seen.filter((s) => s.kind === 'invocationEnded' && s.event.fn.functionName === 'observed-slow');
    assert.deepEqual(ended.map((s) => [s.event.outcome, s.event.cold]), [['timeout', true]]);
    const environmentId = ended[0]!.event.environmentId;
    const down = await recorder.next((s) => s.kind === 'environmentDown' && s.event.environmentId === environmentId);
    assert.equal(down.event.reason, 'timeout');
  });

  test('a throttled invoke is reported with its reason and never reaches an environment', async () => {
    // The first invocation holds its slot until this test lets it go.
    let hold!: (res: ServerResponse) => void;
    const holding = new Promise<ServerResponse>((resolve) => (hold = resolve));
    const gate = createServer((_req, res) => hold(res));
    await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
    const holdUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}/`;
    await deploy(client, 'observed-reserved', { 'index.js': HANDLER }, { timeout: 60 });
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'observed-reserved', ReservedConcurrentExecutions: 1 }));
    const first = invoke(client, 'observed-reserved', { holdUrl });
    // The second goes in once the first runs (it called the gate), holding the only slot.
    const firstRunning = await holding;
    const refused = await invoke(client, 'observed-reserved', {}).then(
      () => assert.fail('the second invoke should be throttled'),
      (err: unknown) => err,
    );
    assert.ok(refused instanceof TooManyRequestsException);
    assert.equal((refused as TooManyRequestsException).Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
    firstRunning.end('go');
    assert.equal((await first).functionError, undefined);
    gate.close();
    const mine = recorder.seen.filter((s) => s.event.fn?.functionName === 'observed-reserved');
    const throttled = mine.filter((s) => s.kind === 'throttled');
    assert.equal(throttled.length, 1);
    assert.deepEqual(Object.keys(throttled[0]!.event).sort(), ['fn', 'reason', 'requestId']);
    assert.deepEqual(throttled[0]!.event.fn, FN('observed-reserved'));
    assert.equal(throttled[0]!.event.reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
    assert.equal(mine.filter((s) => s.kind === 'invocationStarted').length, 1);
    assert.equal(mine.filter((s) => s.event.requestId === throttled[0]!.event.requestId).length, 1);
  });
});
