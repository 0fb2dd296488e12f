import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, json, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await harness();
});
after(() => h.close());

describe('invoking a provided runtime', () => {
  test('returns the response body and passes the invocation headers', async () => {
    const fn = h.fn('echo');
    const before = Date.now();
    const r = await h.invoke(fn, { action: 'echo', n: 1 });
    const afterwards = Date.now();
    const body = json(r);
    assert.deepEqual(body.event, { action: 'echo', n: 1 });
    assert.equal(body.requestId, r.requestId);
    assert.equal(body.headers['lambda-runtime-invoked-function-arn'], fn.functionArn);
    assert.match(body.headers['lambda-runtime-trace-id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    const deadline = Number(body.headers['lambda-runtime-deadline-ms']);
    // Delivery plus the 3 s timeout: delivered between the two readings of the clock.
    assert.ok(deadline >= before + 3000 && deadline <= afterwards + 3000, `deadline ${deadline}, invoked ${before}..${afterwards}`);
    assert.equal(r.functionError, undefined);
    assert.equal(typeof r.initDurationMs, 'number');
  });

  test('a function error is returned as posted, Unhandled', async () => {
    const r = await h.invoke(h.fn('fails'), { action: 'fail', message: 'boom' });
    assert.equal(r.functionError, 'Unhandled');
    assert.deepEqual(json(r), { errorMessage: 'boom', errorType: 'TestError', stackTrace: [] });
  });

  test('warm reuse: the second invoke lands in the same environment, without init', async () => {
    const fn = h.fn('warm');
    const first = await h.invoke(fn, { action: 'env' });
    const second = await h.invoke(fn, { action: 'env' });
    assert.equal(json(first).env.AWS_LAMBDA_LOG_STREAM_NAME, json(second).env.AWS_LAMBDA_LOG_STREAM_NAME);
    assert.equal(typeof first.initDurationMs, 'number');
    assert.equal(second.initDurationMs, undefined);
  });

  test('parallel invokes run in distinct environments', async () => {
    const fn = h.fn('parallel');
    const results = await Promise.all([1, 2, 3].map(() => h.invoke(fn, { action: 'sleep', ms: 300 })));
    assert.deepEqual(results.map((r) => json(r)), [{ slept: 300 }, { slept: 300 }, { slept: 300 }]);
    const streams = await h.engine.logs.listStreams(fn.accountId, fn.region, fn.logGroup);
    assert.equal(streams.length, 3);
    for (const s of streams) assert.match(s.logStreamName, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  test('concurrency counts invocations in flight per function and account', async () => {
    const fn = h.fn('counted');
    const running = h.invoke(fn, { action: 'sleep', ms: 400 });
    // Counted from the moment Invoke is called, before its environment even starts.
    assert.equal(h.engine.concurrency(fn.accountId, fn.functionArn), 1);
    assert.ok(h.engine.concurrency(fn.accountId) >= 1);
    await running;
    assert.equal(h.engine.concurrency(fn.accountId, fn.functionArn), 0);
  });

  test('reserved concurrency throttles with TooManyRequestsException', async () => {
    const fn = h.fn('reserved');
    h.engine.setReservedConcurrency(fn.functionArn, 0);
    await assert.rejects(h.invoke(fn, { action: 'echo' }), (err: any) => {
      assert.equal(err.code, 'TooManyRequestsException');
      assert.equal(err.status, 429);
      assert.deepEqual(err.body(), { Type: 'User', message: 'Rate Exceeded.', Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' });
      return true;
    });
    h.engine.setReservedConcurrency(fn.functionArn, undefined);
    assert.equal(json(await h.invoke(fn, { action: 'echo' })).event.action, 'echo');
  });

  test('a response over 6 MB gets 413 and the invoke answers Function.ResponseSizeTooLarge', async () => {
    const fn = h.fn('big');
    const r = await h.invoke(fn, { action: 'big', size: 6_291_556 + 10 }, { tailLogs: true });
    assert.equal(r.functionError, 'Unhandled');
    assert.deepEqual(json(r), {
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    });
    const ok = await h.invoke(fn, { action: 'big', size: 10 });
    assert.equal(json(ok), 'xxxxxxxxxx');
    const events = await h.engine.logs.readEvents(fn.accountId, fn.region, fn.logGroup);
    assert.ok(events.some((e) => e.message.startsWith('post-status 413 ')));
  });

  test('streaming responses reach onStreamChunk chunk by chunk, with error trailers', async () => {
    const fn = h.fn('stream');
    const chunks: string[] = [];
    const r = await h.engine.invoke({
      fn,
      payload: Buffer.from(JSON.stringify({ action: 'stream', chunks: ['a', 'bb', 'ccc'], fail: true })),
      requestId: 'stream-req-1',
      tailLogs: false,
      onStreamChunk: (c) => chunks.push(c.toString()),
    });
    assert.deepEqual(chunks, ['a', 'bb', 'ccc']);
    assert.equal(r.payload.length, 0);
    assert.deepEqual(r.streamed, { errorCode: 'StreamError', errorDetails: '{"errorMessage":"mid-stream"}' });
    assert.equal(r.contentType, 'text/plain');
  });

  // A missing version of Node or Python runs on the nearest one (test/config/runtimes.test.ts); another family cannot.
  test('a runtime of a family Lambkin does not run fails with InvalidRuntimeException', async () => {
    const fn = h.fn('nort', { runtime: 'ruby3.3' });
    await assert.rejects(h.invoke(fn, {}), (err: any) => err.code === 'InvalidRuntimeException' && err.status === 502);
  });

  test('a provided function without bootstrap answers Runtime.InvalidEntrypoint', async () => {
    const fn = h.codeFn('noboot', { 'index.js': '' });
    const r = await h.invoke(fn, {});
    assert.equal(r.functionError, 'Unhandled');
    assert.deepEqual(json(r), {
      errorType: 'Runtime.InvalidEntrypoint',
      errorMessage: `RequestId: ${r.requestId} Error: Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]`,
    });
  });
});
