// Real functions in every handler style, invoked through the JS SDK: the result comes back unchanged.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLambkin } from '../../support/server.js';
import { curlBootstrap } from '../../support/bootstraps.js';
import { deploy, invoke, signedRequest } from './helpers.js';

const SHELL_BOOTSTRAP = curlBootstrap('{\\"shell\\":true,\\"handler\\":\\"$_HANDLER\\",\\"event\\":$EVENT}', 'echo "shell got $EVENT"');

const server = await startLambkin();
const client = server.client();

describe('Invoke returns what the function returned', () => {

  test('Node.js CommonJS handler', async () => {
    await deploy(client, 'node-cjs', {
      'index.js': 'exports.handler = async (event, context) => ({ got: event, name: context.functionName, version: context.functionVersion });\n',
    });
    const r = await invoke(client, 'node-cjs', { a: 1, b: [true, null] });
    assert.equal(r.status, 200);
    assert.equal(r.functionError, undefined);
    assert.equal(r.executedVersion, '$LATEST');
    assert.deepEqual(r.json(), { got: { a: 1, b: [true, null] }, name: 'node-cjs', version: '$LATEST' });
  });

  test('Node.js ES module handlers (.mjs and "type": "module")', async () => {
    await deploy(client, 'node-mjs', { 'app.mjs': 'export const run = async (event) => ({ esm: "mjs", n: event.n * 2 });\n' }, { handler: 'app.run' });
    assert.deepEqual((await invoke(client, 'node-mjs', { n: 21 })).json(), { esm: 'mjs', n: 42 });
    await deploy(client, 'node-type-module', {
      'package.json': '{"type":"module"}',
      'lib/handler.js': 'export async function handler(event) { return { esm: "type-module", echo: event }; }\n',
    }, { handler: 'lib/handler.handler' });
    assert.deepEqual((await invoke(client, 'node-type-module', 'text')).json(), { esm: 'type-module', echo: 'text' });
  });

  test('Node.js callback handler', async () => {
    await deploy(client, 'node-callback', {
      'index.js': 'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { callback: event.x }), 10); };\n',
    });
    assert.deepEqual((await invoke(client, 'node-callback', { x: 'y' })).json(), { callback: 'y' });
  });

  test('Node.js streaming handler invoked with Invoke answers the whole stream', async () => {
    await deploy(client, 'node-stream', {
      'index.mjs': `export const handler = awslambda.streamifyResponse(async (event, stream) => {
        stream.setContentType('text/plain');
        stream.write('one ');
        await new Promise((r) => setTimeout(r, 20));
        stream.write('two ' + event.last);
        stream.end();
      });\n`,
    });
    const r = await invoke(client, 'node-stream', { last: 'three' });
    assert.equal(r.status, 200);
    assert.equal(r.functionError, undefined);
    assert.equal(r.text, 'one two three');
  });

  test('Python handler', async () => {
    await deploy(client, 'python-fn', {
      'app/main.py': 'import sys\n\ndef handler(event, context):\n    return {"py": "%d.%d" % sys.version_info[:2], "sum": sum(event["xs"]), "fn": context.function_name}\n',
    }, { runtime: 'python3.12', handler: 'app/main.handler' });
    const r = await invoke(client, 'python-fn', { xs: [1, 2, 3.5] });
    assert.equal(r.functionError, undefined);
    assert.deepEqual(r.json(), { py: '3.12', sum: 6.5, fn: 'python-fn' });
  });

  test('a shell script as the bootstrap of a provided runtime', async () => {
    await deploy(client, 'shell-fn', { bootstrap: SHELL_BOOTSTRAP }, { runtime: 'provided.al2023', handler: 'my.handler' });
    for (const n of [1, 2]) {
      const r = await invoke(client, 'shell-fn', { n }, { LogType: 'Tail' });
      assert.equal(r.functionError, undefined);
      assert.deepEqual(r.json(), { shell: true, handler: 'my.handler', event: { n } });
      assert.match(r.log!, new RegExp(`^shell got \\{"n":${n}\\}$`, 'm'));
    }
  });

  test('the raw response carries X-Amz-Executed-Version, no X-Amz-Function-Error, and the function result as the body', async () => {
    await deploy(client, 'raw-echo', { 'index.js': 'exports.handler = async (e) => e;\n' });
    const res = await signedRequest(server.url, {
      method: 'POST', path: '/2015-03-31/functions/raw-echo/invocations', body: '{"k": "v",  "n":[1,2]}',
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-amz-executed-version'], '$LATEST');
    assert.equal(res.headers['x-amz-function-error'], undefined);
    assert.equal(res.headers['x-amz-log-result'], undefined);
    assert.equal(res.body.toString(), '{"k":"v","n":[1,2]}');
  });

  test('a function that returns nothing answers null; an empty request payload reaches it as {}', async () => {
    await deploy(client, 'returns-nothing', { 'index.js': 'exports.handler = async (e) => { console.log(JSON.stringify(e)); };\n' });
    const res = await signedRequest(server.url, {
      method: 'POST', path: '/2015-03-31/functions/returns-nothing/invocations', headers: { 'x-amz-log-type': 'Tail' },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.toString(), 'null');
    const log = Buffer.from(String(res.headers['x-amz-log-result']), 'base64').toString();
    assert.match(log, /\tINFO\t\{\}\n/);
  });
});
