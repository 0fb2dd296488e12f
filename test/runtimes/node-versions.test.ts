// Node runtimes run on the Node they name: a build from the npm registry, cached outside the data dir
// and shared by every server; `lambkin runtimes install/list`; an unreachable registry falls back to
// the host's Node with a warning.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { promisify } from 'node:util';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { startLambkin, type TestServer } from '../support/server.js';
import { until } from '../support/timing.js';
import { deploy, invoke } from '../api/invoke/helpers.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/lambkin.mjs', import.meta.url).pathname;
const VERSION = { 'index.js': 'exports.handler = async () => process.version;\n' };
const HOST_NODE = `v${process.versions.node}`;
const HOST_MAJOR = Number(process.versions.node.split('.')[0]);
/** A Node runtime whose major is not the host's, so that it needs a download. */
const OTHER_RUNTIME = HOST_MAJOR === 22 ? 'nodejs24.x' : 'nodejs22.x';
const OTHER_MAJOR = Number(OTHER_RUNTIME.slice(6, -2));

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A loopback port nothing listens on: connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function lambkin(args: string[], env: Record<string, string>) {
  return run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 200_000 });
}

const downloads = (server: TestServer, major: number) =>
  server.output().split('\n').filter((line) => line.includes(`lambkin engine: downloading Node.js ${major}.`) && line.includes(' from '));

describe('a Node runtime runs on the Node.js version it names', () => {
  for (const runtime of ['nodejs22.x', 'nodejs24.x']) {
    test(`${runtime}: process.version is of its major, with no stand-in line`, async () => {
      const server = await startLambkin();
      const client = server.client();
      await deploy(client, 'version', VERSION, { runtime });
      const out = await invoke(client, 'version', {}, { LogType: 'Tail' });
      assert.equal(out.functionError, undefined, out.text);
      assert.match(JSON.parse(out.text) as string, new RegExp(`^v${runtime.slice(6, -2)}\\.\\d+\\.\\d+$`));
      assert.doesNotMatch(out.log!, /LAMBKIN:/);
      // Nor is it among the stand-ins of the start-up warning: it is downloaded on first use, not stood in for.
      assert.doesNotMatch(server.output(), /nodejs\d+\.x ->/);
      // The runtime client on that Node: an ES module handler, its log line, a thrown error's payload.
      await deploy(client, 'esm', { 'index.mjs': 'export const handler = async (event) => { console.log("got", event.n); throw new RangeError(`no ${event.n}`); };\n' }, { runtime });
      const failed = await invoke(client, 'esm', { n: 7 }, { LogType: 'Tail' });
      assert.equal(failed.functionError, 'Unhandled');
      const error = JSON.parse(failed.text) as { errorType: string; errorMessage: string; trace: string[] };
      assert.deepEqual([error.errorType, error.errorMessage, error.trace[0]], ['RangeError', 'no 7', 'RangeError: no 7']);
      assert.match(failed.log!, /\tINFO\tgot 7\n/);
    });
  }

  test('a never-seen function taking a pre-started sandbox runs on it too', async (t) => {
    if (!existsSync('/usr/bin/bwrap')) return t.skip('bwrap is not available on this host');
    const server = await startLambkin({ args: ['--prestart', '1'] });
    const client = server.client();
    await deploy(client, 'opener', VERSION, { runtime: OTHER_RUNTIME });
    const first = await invoke(client, 'opener');
    const zygotes = join(server.dataDir, 'engine', 'zygotes');
    const readyTasks = () => (existsSync(zygotes) ? readdirSync(zygotes) : [])
      .flatMap((pid) => readdirSync(join(zygotes, pid)).map((id) => join(zygotes, pid, id, 'task')))
      .filter((task) => existsSync(task) && readdirSync(task).length === 0);
    await until('a pre-started sandbox is ready', () => readyTasks().length > 0, 60_000);
    await deploy(client, 'prestarted', { ...VERSION, 'prestarted.marker': '' }, { runtime: OTHER_RUNTIME });
    const second = await invoke(client, 'prestarted');
    const claimed = readdirSync(zygotes).flatMap((pid) => readdirSync(join(zygotes, pid)).map((id) => join(zygotes, pid, id, 'task')))
      .filter((task) => existsSync(join(task, 'prestarted.marker')));
    assert.equal(claimed.length, 1, 'it ran in a pre-started sandbox');
    assert.equal(second.text, first.text);
    assert.match(JSON.parse(second.text) as string, new RegExp(`^v${OTHER_MAJOR}\\.`));
  });
});

describe('the runtime cache', () => {
  const cache = tempDir('lambkin-runtime-cache-');
  const env = { LAMBKIN_RUNTIME_CACHE: cache };

  test('two functions invoked at once share one download, which a second server reuses', async () => {
    const server = await startLambkin({ env });
    const client = server.client();
    await Promise.all(['a', 'b'].map((name) => deploy(client, name, VERSION, { runtime: OTHER_RUNTIME })));
    const [a, b] = await Promise.all([invoke(client, 'a'), invoke(client, 'b')]);
    assert.match(JSON.parse(a.text) as string, new RegExp(`^v${OTHER_MAJOR}\\.\\d+\\.\\d+$`));
    assert.equal(b.text, a.text);
    const version = (JSON.parse(a.text) as string).slice(1);
    assert.equal(downloads(server, OTHER_MAJOR).length, 1, server.output());
    assert.match(server.output(), new RegExp(`lambkin engine: Node\\.js ${version.replaceAll('.', '\\.')} for ${OTHER_RUNTIME.replace('.', '\\.')} is ready in ${cache}/node-${version}`));
    assert.deepEqual(readdirSync(cache), [`node-${version}`]);

    const second = await startLambkin({ env });
    await deploy(second.client(), 'c', VERSION, { runtime: OTHER_RUNTIME });
    assert.equal((await invoke(second.client(), 'c')).text, a.text);
    assert.deepEqual(downloads(second, OTHER_MAJOR), []);
  });

  test('lambkin runtimes install says it is cached already; list shows what each runtime runs on', async () => {
    const installed = await lambkin(['runtimes', 'install', OTHER_RUNTIME], env);
    const [version] = readdirSync(cache).map((name) => name.slice('node-'.length));
    assert.equal(installed.stdout, `${OTHER_RUNTIME}: Node.js ${version} is cached already in ${cache}/node-${version}\n`);
    assert.equal(installed.stderr, '');
    const { stdout } = await lambkin(['runtimes', 'list'], env);
    const rows = new Map(stdout.split('\n').slice(1, -2).map((line) => {
      const [runtime, ...rest] = line.trim().split(/\s{2,}/);
      return [runtime!, rest];
    }));
    assert.deepEqual(rows.get(OTHER_RUNTIME), [`node ${version}`, `${cache}/node-${version}/bin/node`]);
    assert.deepEqual(rows.get(`nodejs${HOST_MAJOR}.x`), [`node ${process.versions.node}`, process.execPath]);
    assert.ok(stdout.endsWith(`\nNode.js builds in ${cache}: ${version}\n`), stdout);
  });

  test('lambkin runtimes install downloads into an empty cache', async () => {
    const fresh = tempDir('lambkin-runtime-cache-');
    const { stdout, stderr } = await lambkin(['runtimes', 'install', OTHER_RUNTIME], { LAMBKIN_RUNTIME_CACHE: fresh });
    const [dir] = readdirSync(fresh);
    assert.match(dir!, new RegExp(`^node-${OTHER_MAJOR}\\.\\d+\\.\\d+$`));
    assert.equal(stdout, `${OTHER_RUNTIME}: Node.js ${dir!.slice(5)} downloaded to ${fresh}/${dir}\n`);
    assert.equal(stderr, '');
    const { stdout: listed } = await lambkin(['runtimes', 'list'], { LAMBKIN_RUNTIME_CACHE: fresh });
    assert.match(listed, new RegExp(`\n  ${OTHER_RUNTIME.replace('.', '\\.')} +node ${dir!.slice(5).replaceAll('.', '\\.')} +${fresh}/${dir}/bin/node\n`));
  });

  test('lambkin runtimes: usage errors and an unreachable registry', async () => {
    const port = await closedPort();
    const empty = tempDir('lambkin-runtime-cache-');
    await assert.rejects(lambkin(['runtimes', 'install', OTHER_RUNTIME], { LAMBKIN_RUNTIME_CACHE: empty, npm_config_registry: `http://127.0.0.1:${port}/` }),
      (err: { code: number; stdout: string; stderr: string }) => {
        assert.equal(err.code, 1);
        assert.equal(err.stdout, '');
        assert.equal(err.stderr, `lambkin: could not download Node.js ${OTHER_MAJOR} for ${OTHER_RUNTIME} from http://127.0.0.1:${port}/: `
          + `fetch failed (connect ECONNREFUSED 127.0.0.1:${port})\n`);
        return true;
      });
    assert.deepEqual(readdirSync(empty), []);
    await assert.rejects(lambkin(['runtimes', 'install', 'python3.12'], env), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 2);
      assert.equal(err.stderr, 'lambkin: only Node.js runtimes (nodejs22.x, nodejs24.x...) are installed by Lambkin: python3.12\n'
        + "usage: lambkin runtimes list | install RUNTIME... [--runtime RUNTIME=INTERPRETER ...]\nrun 'lambkin help runtimes' for every option\n");
      return true;
    });
    await assert.rejects(lambkin(['runtimes', 'install'], env), (err: { code: number; stderr: string }) => {
      assert.equal(err.code, 2);
      assert.match(err.stderr, /^lambkin: runtimes install needs the runtimes to install, e.g. nodejs22.x nodejs24.x\n/);
      return true;
    });
  });
});

describe('an unreachable registry', () => {
  test('the function runs on the host Node with the stand-in line, and the download is not tried on every start', async () => {
    const port = await closedPort();
    const env = { LAMBKIN_RUNTIME_CACHE: tempDir('lambkin-runtime-cache-'), npm_config_registry: `http://127.0.0.1:${port}/` };
    const server = await startLambkin({ env });
    const client = server.client();
    await deploy(client, 'offline', VERSION, { runtime: OTHER_RUNTIME });
    const cold = await invoke(client, 'offline', {}, { LogType: 'Tail' });
    assert.equal(JSON.parse(cold.text), HOST_NODE);
    assert.ok(cold.log!.startsWith(`LAMBKIN: ${OTHER_RUNTIME} is not installed on this host: this environment runs on node ${process.versions.node} (${process.execPath})\n`), cold.log);
    await deploy(client, 'offline-too', VERSION, { runtime: OTHER_RUNTIME });
    assert.equal(JSON.parse((await invoke(client, 'offline-too')).text), HOST_NODE);
    const warnings = server.output().split('\n').filter((line) => line.includes('WARNING: could not download'));
    assert.equal(warnings.length, 1, server.output());
    assert.match(warnings[0]!, new RegExp(`^lambkin engine: WARNING: could not download Node\\.js ${OTHER_MAJOR} for ${OTHER_RUNTIME.replace('.', '\\.')} `
      + `from http://127\\.0\\.0\\.1:${port}/: fetch failed \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)\\. ${OTHER_RUNTIME.replace('.', '\\.')} runs on the nearest `
      + "installed Node meanwhile; the download is tried again after \\S+Z \\('lambkin runtimes install "));
  });

  test('--strict-runtimes refuses the runtime with InvalidRuntimeException naming the failed download', async () => {
    const port = await closedPort();
    const env = { LAMBKIN_RUNTIME_CACHE: tempDir('lambkin-runtime-cache-'), npm_config_registry: `http://127.0.0.1:${port}/` };
    const server = await startLambkin({ env, args: ['--strict-runtimes'] });
    const client = server.client();
    await deploy(client, 'strict', VERSION, { runtime: OTHER_RUNTIME });
    await assert.rejects(client.send(new InvokeCommand({ FunctionName: 'strict' })), (err: { name: string; message: string; $metadata: { httpStatusCode: number } }) => {
      assert.equal(err.name, 'InvalidRuntimeException');
      assert.equal(err.$metadata.httpStatusCode, 502);
      assert.equal(err.message, `The runtime ${OTHER_RUNTIME} is not available on this Lambkin host: no Node.js ${OTHER_MAJOR} executable is installed `
        + `and downloading it failed: fetch failed (connect ECONNREFUSED 127.0.0.1:${port})`);
      return true;
    });
  });
});
