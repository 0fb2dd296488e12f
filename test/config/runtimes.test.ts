// The runtime → interpreter map a user can set, the nearest installed version standing in for a missing
// one, and --strict-runtimes refusing instead. A Node runtime is downloaded rather than stood in for
// (test/runtimes/node-versions.test.ts): here the registry is unreachable and the cache empty, so it stands in.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { ConfigError, loadConfig } from '../../src/config.js';
import { resolveRuntime } from '../../src/engine/runtimes.js';
import { startLambkin } from '../support/server.js';
import { deploy, invoke } from '../api/invoke/helpers.js';

const RUNTIME_DIR = new URL('../../runtimes', import.meta.url).pathname;

test('--runtime and LAMBKIN_RUNTIMES map runtime ids to interpreters', () => {
  assert.deepEqual(loadConfig({ runtime: ['python3.14=/opt/py/bin/python3.14'] }, {}).runtimeExecutables, { 'python3.14': '/opt/py/bin/python3.14' });
  assert.deepEqual(loadConfig({}, { LAMBKIN_RUNTIMES: 'nodejs22.x=/usr/bin/node,python3.9=/usr/bin/python3.9' }).runtimeExecutables,
    { 'nodejs22.x': '/usr/bin/node', 'python3.9': '/usr/bin/python3.9' });
  assert.throws(() => loadConfig({ runtime: ['python3.14'] }, {}), ConfigError);
});

test('--strict-runtimes and LAMBKIN_STRICT_RUNTIMES', () => {
  assert.equal(loadConfig({}, {}).strictRuntimes, false);
  assert.equal(loadConfig({ 'strict-runtimes': true }, {}).strictRuntimes, true);
  assert.equal(loadConfig({}, { LAMBKIN_STRICT_RUNTIMES: '1' }).strictRuntimes, true);
  assert.equal(loadConfig({}, { LAMBKIN_STRICT_RUNTIMES: 'true' }).strictRuntimes, true);
  assert.equal(loadConfig({}, { LAMBKIN_STRICT_RUNTIMES: '0' }).strictRuntimes, false);
  assert.throws(() => loadConfig({}, { LAMBKIN_STRICT_RUNTIMES: 'maybe' }), ConfigError);
});

/** No Node build can be had: an empty cache, and a registry on a port nothing listens on. */
async function noNodeDownloads(): Promise<Record<string, string>> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { LAMBKIN_RUNTIME_CACHE: mkdtempSync(join(tmpdir(), 'lambkin-runtime-cache-')), npm_config_registry: `http://127.0.0.1:${port}/` };
}
const offline = await noNodeDownloads();
after(() => rmSync(offline.LAMBKIN_RUNTIME_CACHE!, { recursive: true, force: true }));

// python3.14 is not installed on the machines Lambkin is tested on: mapped to another interpreter it runs.
const link = join(mkdtempSync(join(tmpdir(), 'lambkin-py-')), 'python3.14');
symlinkSync('/root/.pyenv/versions/3.12.1/bin/python3.12', link);
// nodejs22.x mapped to the Node at hand: the nearest mapped version stands in for a newer one.
const mappedServer = await startLambkin({ args: ['--runtime', `python3.14=${link}`, '--runtime', `nodejs22.x=${process.execPath}`], env: offline });
const mappedClient = mappedServer.client();

test('a function of a mapped runtime runs on the interpreter it is mapped to, with no stand-in line', async () => {
  await deploy(mappedClient, 'mapped', { 'app.py': 'import sys\ndef handler(e, c):\n    return sys.version_info[:2]\n' }, { runtime: 'python3.14', handler: 'app.handler' });
  const out = await invoke(mappedClient, 'mapped', {}, { LogType: 'Tail' });
  assert.equal(out.text, '[3, 12]');
  assert.doesNotMatch(out.log!, /LAMBKIN:/);
  assert.doesNotMatch(mappedServer.output(), /python3\.14 ->/);
});

const PY_VERSION = { 'app.py': 'import sys\ndef handler(e, c):\n    return "%d.%d" % sys.version_info[:2]\n' };
const NODE_VERSION = { 'index.js': 'exports.handler = async () => process.versions.node;\n' };
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
// Runtime ids this host lacks: the newest Python and a Node that is not the one running the tests.
const PY_MISSING = 'python3.14';
const NODE_MISSING = NODE_MAJOR === 24 ? 'nodejs22.x' : 'nodejs24.x';
const pythonMissing = !resolveRuntime(PY_MISSING, RUNTIME_DIR, { strict: false }).standIn ? `${PY_MISSING} is installed here` : false;

const STAND_IN = /^LAMBKIN: (\S+) is not installed on this host: this environment runs on (.+) \((\/\S+)\)\n/;

test('a missing Node.js version runs on the nearest one mapped with --runtime', { skip: NODE_MAJOR >= 23 ? 'the Node here is not older than 22' : false }, async () => {
  await deploy(mappedClient, 'node-on-mapped', NODE_VERSION, { runtime: 'nodejs24.x' });
  const out = await invoke(mappedClient, 'node-on-mapped', {}, { LogType: 'Tail' });
  assert.equal(JSON.parse(out.text), process.versions.node);
  assert.deepEqual(STAND_IN.exec(out.log!)?.slice(1), ['nodejs24.x', 'nodejs22.x', process.execPath]);
  assert.match(mappedServer.output(), /WARNING: could not download Node\.js 24 for nodejs24\.x/);
});

describe('a runtime whose exact interpreter is not installed', () => {
  test('Python runs on the nearest installed version and says which on cold start', { skip: pythonMissing }, async () => {
    const server = await startLambkin({ env: offline });
    const client = server.client();
    await deploy(client, 'py-stand-in', PY_VERSION, { runtime: PY_MISSING, handler: 'app.handler' });
    const cold = await invoke(client, 'py-stand-in', {}, { LogType: 'Tail' });
    assert.equal(cold.functionError, undefined, cold.text);
    const m = STAND_IN.exec(cold.log!);
    assert.ok(m, cold.log);
    const ranOn = JSON.parse(cold.text) as string;
    assert.equal(m[1], PY_MISSING);
    assert.equal(m[2], `python${ranOn}`);
    assert.ok(m[3]!.endsWith(`/bin/python${ranOn}`), m[3]);
    assert.notEqual(ranOn, '3.14');
    // Only the cold start says it.
    const warm = await invoke(client, 'py-stand-in', {}, { LogType: 'Tail' });
    assert.equal(warm.text, cold.text);
    assert.doesNotMatch(warm.log!, /LAMBKIN:/);
    // One start-up line lists every stand-in.
    const lines = server.output().split('\n').filter((l) => l.includes('run on the nearest installed version'));
    assert.equal(lines.length, 1, server.output());
    assert.ok(lines[0]!.includes(`${PY_MISSING} -> python${ranOn}`), lines[0]);
    // A Node runtime is downloaded on first use: it stands in only once that failed, which the start-up line cannot know.
    assert.doesNotMatch(lines[0]!, /nodejs/);
  });

  test('Node.js runs on the Node that is installed and says which on cold start', async () => {
    const server = await startLambkin({ env: offline });
    const client = server.client();
    await deploy(client, 'node-stand-in', NODE_VERSION, { runtime: NODE_MISSING });
    const cold = await invoke(client, 'node-stand-in', {}, { LogType: 'Tail' });
    assert.equal(cold.functionError, undefined, cold.text);
    assert.equal(JSON.parse(cold.text), process.versions.node);
    const m = STAND_IN.exec(cold.log!);
    assert.ok(m, cold.log);
    assert.deepEqual(m.slice(1), [NODE_MISSING, `node ${process.versions.node}`, process.execPath]);
  });

  test('JSON log format: the line is a record of its own', async () => {
    const server = await startLambkin({ env: offline });
    const client = server.client();
    await deploy(client, 'node-stand-in-json', NODE_VERSION, { runtime: NODE_MISSING });
    const { UpdateFunctionConfigurationCommand } = await import('@aws-sdk/client-lambda');
    await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'node-stand-in-json', LoggingConfig: { LogFormat: 'JSON' } }));
    const cold = await invoke(client, 'node-stand-in-json', {}, { LogType: 'Tail' });
    const first = JSON.parse(cold.log!.split('\n')[0]!) as { type: string; record: unknown };
    assert.equal(first.type, 'lambkin.runtimeStandIn');
    assert.deepEqual(first.record, { runtime: NODE_MISSING, runsOn: `node ${process.versions.node}`, interpreter: process.execPath });
  });

  test('--strict-runtimes refuses it with InvalidRuntimeException, and there is no start-up line', async () => {
    const server = await startLambkin({ args: ['--strict-runtimes'], env: offline });
    const client = server.client();
    const port = new URL(offline.npm_config_registry!).port;
    const cases: Array<[string, Record<string, string>, string, string]> = [
      [NODE_MISSING, NODE_VERSION, 'index.handler', `no Node.js ${NODE_MISSING.slice(6, -2)} executable is installed and downloading it failed: `
        + `fetch failed (connect ECONNREFUSED 127.0.0.1:${port})`],
    ];
    if (!pythonMissing) cases.push([PY_MISSING, PY_VERSION, 'app.handler', `no ${PY_MISSING} interpreter is installed`]);
    for (const [runtime, files, handler, detail] of cases) {
      const name = `strict-${runtime.replace('.', '-')}`;
      await deploy(client, name, files, { runtime, handler });
      await assert.rejects(client.send(new InvokeCommand({ FunctionName: name })), (err: any) => {
        assert.equal(err.name, 'InvalidRuntimeException');
        assert.equal(err.$metadata.httpStatusCode, 502);
        assert.equal(err.message, `The runtime ${runtime} is not available on this Lambkin host: ${detail}`);
        return true;
      });
    }
    assert.doesNotMatch(server.output(), /nearest installed version/);
  });
});
