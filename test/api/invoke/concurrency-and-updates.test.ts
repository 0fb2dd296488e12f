// Parallel invokes get their own environments and really overlap; code and configuration updates take effect.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvokeCommand, PublishVersionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand, waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { makeZip } from '../../support/zip.js';
import { barrier, MEET_JS } from '../../support/rendezvous.js';
import { deploy, invoke } from './helpers.js';

const server = await startLambkin();
const client = server.client();

describe('parallel invokes', () => {
  test('ten at once run side by side, each in its own environment', async () => {
    // Each invocation waits at a barrier that opens only when all ten are waiting at once, and reports
    // which environment ran it: 'go' from every one proves they overlapped, however slow the machine.
    const meeting = await barrier(10);
    await deploy(client, 'sleeper', {
      'index.js': `const env = require('crypto').randomUUID();
        const meet = ${MEET_JS};
        exports.handler = async (event, context) => ({ env, met: await meet(event.barrier), stream: context.logStreamName });\n`,
    }, { timeout: 120 });
    type Report = { env: string; met: string; stream: string };
    const results = await Promise.all(Array.from({ length: 10 }, async () => {
      const r = await invoke(client, 'sleeper', { barrier: meeting.url });
      assert.equal(r.functionError, undefined, r.text);
      return r.json<Report>();
    }));
    assert.deepEqual(results.map((r) => r.met), Array(10).fill('go'));
    assert.equal(new Set(results.map((r) => r.env)).size, 10);
    assert.equal(new Set(results.map((r) => r.stream)).size, 10);
  });

  test('sequential invokes reuse one warm environment', async () => {
    await deploy(client, 'counter', { 'index.js': 'let n = 0;\nexports.handler = async () => ++n;\n' });
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push((await invoke(client, 'counter')).text);
    assert.deepEqual(seen, ['1', '2', '3']);
  });
});

describe('updates', () => {
  test('UpdateFunctionCode: the next invoke runs the new code in a new environment', async () => {
    await deploy(client, 'evolving', { 'index.js': 'let n = 0;\nexports.handler = async () => ({ code: "v1", n: ++n });\n' });
    assert.deepEqual((await invoke(client, 'evolving')).json(), { code: 'v1', n: 1 });
    assert.deepEqual((await invoke(client, 'evolving')).json(), { code: 'v1', n: 2 });
    await client.send(new UpdateFunctionCodeCommand({
      FunctionName: 'evolving', ZipFile: await makeZip({ 'index.js': 'let n = 0;\nexports.handler = async () => ({ code: "v2", n: ++n });\n' }),
    }));
    await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 60 }, { FunctionName: 'evolving' });
    assert.deepEqual((await invoke(client, 'evolving')).json(), { code: 'v2', n: 1 });
  });

  test('UpdateFunctionConfiguration: new environment variables and handler are seen', async () => {
    await deploy(client, 'configured', {
      'index.js': 'exports.a = async () => ({ h: "a", v: process.env.MY_VAR ?? null });\nexports.b = async () => ({ h: "b", v: process.env.MY_VAR ?? null });\n',
    }, { handler: 'index.a' });
    assert.deepEqual((await invoke(client, 'configured')).json(), { h: 'a', v: null });
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'configured', Handler: 'index.b', Environment: { Variables: { MY_VAR: 'set' } } }));
    await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 60 }, { FunctionName: 'configured' });
    assert.deepEqual((await invoke(client, 'configured')).json(), { h: 'b', v: 'set' });
  });

  test('a published version keeps its code; X-Amz-Executed-Version names what ran', async () => {
    await deploy(client, 'versioned', { 'index.js': 'exports.handler = async (e, c) => ({ code: "first", version: c.functionVersion });\n' });
    const published = await client.send(new PublishVersionCommand({ FunctionName: 'versioned' }));
    assert.equal(published.Version, '1');
    await client.send(new UpdateFunctionCodeCommand({
      FunctionName: 'versioned', ZipFile: await makeZip({ 'index.js': 'exports.handler = async (e, c) => ({ code: "second", version: c.functionVersion });\n' }),
    }));
    await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 60 }, { FunctionName: 'versioned' });
    const latest = await invoke(client, 'versioned');
    assert.equal(latest.executedVersion, '$LATEST');
    assert.deepEqual(latest.json(), { code: 'second', version: '$LATEST' });
    const v1 = await client.send(new InvokeCommand({ FunctionName: 'versioned', Qualifier: '1' }));
    assert.equal(v1.ExecutedVersion, '1');
    assert.deepEqual(JSON.parse(Buffer.from(v1.Payload!).toString()), { code: 'first', version: '1' });
  });
});
