import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertLastedTimeout, until } from '../support/timing.js';
import { harness, json, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await harness({ keepAliveMs: 300 });
});
after(() => h.close());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('when the function misbehaves', () => {
  test('a timeout answers Sandbox.Timedout, logs it and kills the environment', async () => {
    const fn = h.fn('slow', { timeout: 1 });
    const warm = await h.invoke(fn, { action: 'env' });
    const stream = json(warm).env.AWS_LAMBDA_LOG_STREAM_NAME;
    const r = await h.invoke(fn, { action: 'sleep', ms: 5000 }, { tailLogs: true });
    assert.equal(r.functionError, 'Unhandled');
    assert.deepEqual(json(r), {
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${r.requestId} Error: Task timed out after 1.00 seconds`,
    });
    assertLastedTimeout(r.durationMs, 1);
    const tail = Buffer.from(r.logTail!, 'base64').toString();
    assert.match(tail, new RegExp(`\\dZ ${r.requestId} Task timed out after 1.00 seconds\\n`));
    assert.match(tail, /\tStatus: timeout\t\n$/);
    const next = await h.invoke(fn, { action: 'env' });
    assert.notEqual(json(next).env.AWS_LAMBDA_LOG_STREAM_NAME, stream);
    assert.equal(typeof next.initDurationMs, 'number');
  });

  test('a runtime that exits mid-invoke answers Runtime.ExitError and is replaced', async () => {
    const fn = h.fn('crash');
    const r = await h.invoke(fn, { action: 'exit', code: 3 });
    assert.equal(r.functionError, 'Unhandled');
    assert.deepEqual(json(r), {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${r.requestId} Error: Runtime exited with error: exit status 3`,
    });
    assert.equal(json(await h.invoke(fn, { action: 'echo' })).event.action, 'echo');
  });

  test('a runtime that exits during init answers Runtime.ExitError', async () => {
    const fn = h.fn('initexit', { environment: { FIXTURE_EXIT_AT_INIT: '2' } });
    const r = await h.invoke(fn, { action: 'echo' }, { tailLogs: true });
    assert.deepEqual(json(r), {
      errorType: 'Runtime.ExitError',
      errorMessage: `RequestId: ${r.requestId} Error: Runtime exited with error: exit status 2`,
    });
    assert.match(Buffer.from(r.logTail!, 'base64').toString(), /Status: error\tError Type: Runtime\.ExitError\t\n$/);
  });

  test('an init error posted to /runtime/init/error is returned with its errorType', async () => {
    const fn = h.fn('initerr', { environment: { FIXTURE_INIT_ERROR: '1' } });
    const r = await h.invoke(fn, { action: 'echo' });
    assert.equal(r.functionError, 'Unhandled');
    assert.deepEqual(json(r), { errorMessage: 'bad init', errorType: 'Runtime.TestInitError' });
  });

  test('memory exhaustion ends in Runtime.OutOfMemory and the next invoke gets a fresh environment', async (t) => {
    if (!h.engine.sandbox.cgroups) return t.skip('no cgroup memory controller on this host');
    const fn = h.fn('hog', { memorySize: 128 });
    const r = await h.invoke(fn, { action: 'alloc' });
    assert.equal(r.functionError, 'Unhandled');
    const body = json(r);
    assert.equal(body.errorType, 'Runtime.OutOfMemory');
    assert.equal(body.errorMessage, `RequestId: ${r.requestId} Error: Runtime exited with error: signal: killed`);
    assert.equal(json(await h.invoke(fn, { action: 'echo' })).event.action, 'echo');
  });

  test('retire stops idle environments; the updated function starts fresh ones', async () => {
    const fn = h.fn('retired');
    const before = json(await h.invoke(fn, { action: 'env' }));
    h.engine.retire((f) => f.functionArn === fn.functionArn);
    const updated = { ...fn, envKey: `${fn.envKey}-v2`, environment: { V: '2' } };
    const afterUpdate = json(await h.invoke(updated, { action: 'env' }));
    assert.notEqual(afterUpdate.env.AWS_LAMBDA_LOG_STREAM_NAME, before.env.AWS_LAMBDA_LOG_STREAM_NAME);
    assert.equal(afterUpdate.env.V, '2');
  });

  test('retire lets a busy environment finish its invocation, then stops it', async () => {
    const fn = h.fn('busyretire', { environment: {}, timeout: 30 });
    const running = h.invoke(fn, { action: 'sleep', ms: 4000 });
    // Retire once the invocation has really started (its START line is logged), not after a guessed delay.
    await until('the invocation started', async () =>
      (await h.engine.logs.readEvents(fn.accountId, fn.region, fn.logGroup)).some((e) => e.message.startsWith('START ')));
    assert.equal(h.engine.concurrency(fn.accountId, fn.functionArn), 1);
    h.engine.retire((f) => f.envKey === fn.envKey);
    assert.deepEqual(json(await running), { slept: 4000 });
    const r = await h.invoke(fn, { action: 'echo' });
    assert.equal(typeof r.initDurationMs, 'number');
  });

  test('idle environments are reaped after keepAliveMs', async () => {
    const fn = h.fn('reaped');
    const first = await h.invoke(fn, { action: 'env' });
    await new Promise((r) => setTimeout(r, 900));
    const second = await h.invoke(fn, { action: 'env' });
    assert.equal(typeof second.initDurationMs, 'number');
    assert.notEqual(json(second).env.AWS_LAMBDA_LOG_STREAM_NAME, json(first).env.AWS_LAMBDA_LOG_STREAM_NAME);
  });

  test('shutdown stops every environment process', async () => {
    const own = await (await import('./helpers.js')).harness({ sandbox: 'process' });
    const fn = own.fn('stopme');
    const pid = json(await own.invoke(fn, { action: 'env' })).pid as number;
    assert.equal(alive(pid), true);
    await own.close();
    await until(`process ${pid} is gone`, () => !alive(pid));
  });
});
