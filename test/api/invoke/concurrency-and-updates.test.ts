// Parallel invokes get their own environments and really overlap; code and configuration updates take effect.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  InvokeCommand, PublishVersionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand, waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { makeZip } from '../../support/zip.js';
import { deploy, invoke } from './helpers.js';

const server = await startLambkin();
const client = server.client();

describe('parallel invokes', () => {
  test('ten at once run side by side, each in its own environment', async () => {
    // Each invocation reports when it started and ended (epoch ms) and which environment ran it.
    await deploy(client, 'sleeper', {
      'index.js': `const env = require('crypto').randomUUID();
        exports.handler = async (event, context) => {
          const start = Date.now();
          await new Promise((r) => setTimeout(r, event.ms));
          return { env, start, end: Date.now(), stream: context.logStreamName };
        };\n`,
    }, { timeout: 10 });
    type Report = { env: string; start: number; end: number; stream: string };
    const results = await Promise.all(Array.from({ length: 10 }, async () => {
      // Long enough that ten cold starts on a busy two-core machine all begin before the first ends.
      const r = await invoke(client, 'sleeper', { ms: 2500 });
      assert.equal(r.functionError, undefined, r.text);
      return r.json<Report>();
    }));
    assert.equal(new Set(results.map((r) => r.env)).size, 10);
    assert.equal(new Set(results.map((r) => r.stream)).size, 10);
    // All ten were sleeping at the same moment: the latest start comes before the earliest end.
    const latestStart = Math.max(...results.map((r) => r.start));
    const earliestEnd = Math.min(...results.map((r) => r.end));
    assert.ok(latestStart < earliestEnd, `starts ${results.map((r) => r.start)} ends ${results.map((r) => r.end)}`);
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
    await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 10 }, { FunctionName: 'evolving' });
    assert.deepEqual((await invoke(client, 'evolving')).json(), { code: 'v2', n: 1 });
  });

  test('UpdateFunctionConfiguration: new environment variables and handler are seen', async () => {
    await deploy(client, 'configured', {
      'index.js': 'exports.a = async () => ({ h: "a", v: process.env.MY_VAR ?? null });\nexports.b = async () => ({ h: "b", v: process.env.MY_VAR ?? null });\n',
    }, { handler: 'index.a' });
    assert.deepEqual((await invoke(client, 'configured')).json(), { h: 'a', v: null });
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'configured', Handler: 'index.b', Environment: { Variables: { MY_VAR: 'set' } } }));
    await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 10 }, { FunctionName: 'configured' });
    assert.deepEqual((await invoke(client, 'configured')).json(), { h: 'b', v: 'set' });
  });

  test('a published version keeps its code; X-Amz-Executed-Version names what ran', async () => {
    await deploy(client, 'versioned', { 'index.js': 'exports.handler = async (e, c) => ({ code: "first", version: c.functionVersion });\n' });
    const published = await client.send(new PublishVersionCommand({ FunctionName: 'versioned' }));
    assert.equal(published.Version, '1');
    await client.send(new UpdateFunctionCodeCommand({
      FunctionName: 'versioned', ZipFile: await makeZip({ 'index.js': 'exports.handler = async (e, c) => ({ code: "second", version: c.functionVersion });\n' }),
    }));
    await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 10 }, { FunctionName: 'versioned' });
    const latest = await invoke(client, 'versioned');
    assert.equal(latest.executedVersion, '$LATEST');
    assert.deepEqual(latest.json(), { code: 'second', version: '$LATEST' });
    const v1 = await client.send(new InvokeCommand({ FunctionName: 'versioned', Qualifier: '1' }));
    assert.equal(v1.ExecutedVersion, '1');
    assert.deepEqual(JSON.parse(Buffer.from(v1.Payload!).toString()), { code: 'first', version: '1' });
  });
});
