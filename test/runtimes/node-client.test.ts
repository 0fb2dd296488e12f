import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { functionLogLines, invoke, ISO_TIME, snapshot, startHarness, writeCode, type Harness } from './harness.js';

const CONTEXT_PROBE = `
  const probe = (event, context) => ({
    event,
    context: JSON.parse(JSON.stringify(context)),
    remaining: context.getRemainingTimeInMillis(),
    env: { stream: process.env.AWS_LAMBDA_LOG_STREAM_NAME, runtimeDir: process.env.LAMBDA_RUNTIME_DIR },
  });
`;

describe('Node.js runtime client', () => {
  let h: Harness;
  before(() => {
    h = startHarness();
  });
  after(() => h.close());

  it('runs a CommonJS async handler with the context AWS gives', async () => {
    const code = writeCode(h, { 'index.js': `${CONTEXT_PROBE} exports.handler = async (e, c) => probe(e, c);` });
    const fn = snapshot(code, 'nodejs20.x', 'index.handler', { timeout: 7, memorySize: 256 });
    const { body, requestId, result } = await invoke(h, fn, { hello: 'world' });
    assert.equal(result.functionError, undefined);
    const out = body as {
      event: unknown;
      context: Record<string, unknown>;
      remaining: number;
      env: { stream: string };
    };
    assert.deepEqual(out.event, { hello: 'world' });
    assert.ok(out.env.stream.length > 0);
    assert.deepEqual(out.context, {
      callbackWaitsForEmptyEventLoop: true,
      functionVersion: '$LATEST',
      functionName: fn.functionName,
      memoryLimitInMB: '256',
      logGroupName: `/aws/lambda/${fn.functionName}`,
      logStreamName: out.env.stream,
      invokedFunctionArn: fn.functionArn,
      awsRequestId: requestId,
    });
    assert.ok(out.remaining > 0 && out.remaining <= 7000, `remaining ${out.remaining}`);
  });

  it('parses the client context and Cognito identity of the invoke into the context', async () => {
    const code = writeCode(h, { 'index.js': 'exports.handler = async (e, c) => ({ cc: c.clientContext, id: c.identity });' });
    const clientContext = { client: { app_title: 'app' }, custom: { k: 'v' }, env: { locale: 'en' } };
    const identity = { cognitoIdentityId: 'id-1', cognitoIdentityPoolId: 'pool-1' };
    const { body } = await invoke(h, snapshot(code, 'nodejs20.x', 'index.handler'), {}, {
      clientContext: JSON.stringify(clientContext),
      cognitoIdentity: JSON.stringify(identity),
    });
    assert.deepEqual(body, { cc: clientContext, id: identity });
  });

  it('loads ES modules from .mjs and from .js under "type": "module", and .cjs', async () => {
    const mjs = writeCode(h, { 'index.mjs': 'export const handler = async (event) => ({ from: "mjs", event });' });
    assert.deepEqual((await invoke(h, snapshot(mjs, 'nodejs20.x', 'index.handler'), 1)).body, { from: 'mjs', event: 1 });

    const typeModule = writeCode(h, {
      'package.json': '{"type":"module"}',
      'app.js': 'export const handler = async () => import.meta.url.startsWith("file:") ? "esm-js" : "cjs";',
    });
    assert.equal((await invoke(h, snapshot(typeModule, 'nodejs20.x', 'app.handler'))).body, 'esm-js');

    const cjs = writeCode(h, { 'lib.cjs': 'module.exports.handler = async () => typeof require;' });
    assert.equal((await invoke(h, snapshot(cjs, 'nodejs20.x', 'lib.handler'))).body, 'function');
  });

  it('resolves nested handler paths and nested export names', async () => {
    const code = writeCode(h, {
      'src/handlers/app.js': 'exports.handler = async () => "nested path";',
      'index.js': 'exports.a = { b: async () => "nested export" };',
    });
    assert.equal((await invoke(h, snapshot(code, 'nodejs20.x', 'src/handlers/app.handler'))).body, 'nested path');
    assert.equal((await invoke(h, snapshot(code, 'nodejs20.x', 'index.a.b'))).body, 'nested export');
  });

  it('waits for the event loop to drain after a callback unless callbackWaitsForEmptyEventLoop is false', async () => {
    const code = writeCode(h, {
      'index.js': `
        exports.waits = (event, context, callback) => {
          setTimeout(() => console.log('timer fired'), 150);
          callback(null, { waited: context.callbackWaitsForEmptyEventLoop });
        };
        exports.noWait = (event, context, callback) => {
          context.callbackWaitsForEmptyEventLoop = false;
          setTimeout(() => console.log('late timer fired'), 1500);
          callback(null, { waited: context.callbackWaitsForEmptyEventLoop });
        };
      `,
    });
    const waits = await invoke(h, snapshot(code, 'nodejs20.x', 'index.waits'));
    assert.deepEqual(waits.body, { waited: true });
    assert.ok(waits.logs.includes('\tINFO\ttimer fired'), waits.logs);

    const noWait = await invoke(h, snapshot(code, 'nodejs20.x', 'index.noWait'));
    assert.deepEqual(noWait.body, { waited: false });
    assert.ok(!noWait.logs.includes('late timer fired'), noWait.logs);
  });

  it('supports context.succeed / context.done and a sync handler without callback returns null', async () => {
    const code = writeCode(h, {
      'index.js': `
        exports.succeed = (event, context) => context.succeed({ via: 'succeed' });
        exports.done = (event, context) => context.done(null, 'via done');
        exports.sync = () => 42;
      `,
    });
    assert.deepEqual((await invoke(h, snapshot(code, 'nodejs20.x', 'index.succeed'))).body, { via: 'succeed' });
    assert.equal((await invoke(h, snapshot(code, 'nodejs20.x', 'index.done'))).body, 'via done');
    assert.equal((await invoke(h, snapshot(code, 'nodejs20.x', 'index.sync'))).body, null);
  });

  it('keeps the environment warm: module state survives between invocations', async () => {
    const code = writeCode(h, { 'index.js': 'let count = 0; exports.handler = async () => ++count;' });
    const fn = snapshot(code, 'nodejs20.x', 'index.handler');
    assert.equal((await invoke(h, fn)).body, 1);
    assert.equal((await invoke(h, fn)).body, 2);
  });

  it('writes console output in the Text log format, one record per call', async () => {
    const code = writeCode(h, {
      'index.js': `exports.handler = async () => {
        console.log('hello %s', 'world');
        console.info('multi\\nline');
        console.warn({ a: 1 });
        console.error('bad');
        console.debug('dbg');
        return 'ok';
      };`,
    });
    const { logs, requestId } = await invoke(h, snapshot(code, 'nodejs20.x', 'index.handler'));
    const lines = functionLogLines(logs);
    const expected = [
      ['INFO', 'hello world'],
      ['INFO', 'multi\rline'],
      ['WARN', '{ a: 1 }'],
      ['ERROR', 'bad'],
      ['DEBUG', 'dbg'],
    ];
    assert.equal(lines.length, expected.length, logs);
    expected.forEach(([level, message], i) => {
      assert.match(lines[i]!, new RegExp(`^${ISO_TIME}\\t${requestId}\\t${level}\\t`));
      assert.equal(lines[i]!.split('\t').slice(3).join('\t'), message);
    });
  });

  it('writes JSON log records when the function uses the JSON log format', async () => {
    const code = writeCode(h, { 'index.js': `exports.handler = async () => { console.warn('careful', 3); return 1; };` });
    const { logs, requestId } = await invoke(h, snapshot(code, 'nodejs20.x', 'index.handler', { logFormat: 'JSON' }));
    const records = functionLogLines(logs)
      .filter((line) => line.startsWith('{"timestamp"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(records.length, 1, logs);
    assert.match(String(records[0]!.timestamp), new RegExp(`^${ISO_TIME}$`));
    assert.deepEqual({ ...records[0], timestamp: 't' }, { timestamp: 't', level: 'WARN', requestId, message: 'careful 3' });
  });
});
