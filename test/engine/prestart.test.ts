/**
 * Pre-started sandboxes (--prestart): a never-seen function's first invoke runs in a sandbox started
 * ahead of it, and the function cannot tell: same environment, same /var/task, same limits as a normal
 * start. Compared against a server started with --prestart 0.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateFunctionCommand, InvokeCommand, PublishLayerVersionCommand, type LambdaClient, type Runtime } from '@aws-sdk/client-lambda';
import { startLambkin, type TestServer } from '../support/server.js';
import { makeZip } from '../support/zip.js';

const ROLE = 'arn:aws:iam::000000000000:role/prestart';
const NODE_REPORTER = [
  "const fs = require('fs');",
  'exports.handler = async () => ({',
  '  env: process.env, cwd: process.cwd(), task: fs.readdirSync("/var/task").sort(), opt: fs.readdirSync("/opt"),',
  '  layerFile: fs.existsSync("/opt/layer.txt") ? fs.readFileSync("/opt/layer.txt", "utf8") : null,',
  '  stdinIsDevNull: fs.fstatSync(0).rdev === fs.statSync("/dev/null").rdev, execArgv: process.execArgv, gc: typeof gc,',
  '  initialEnviron: fs.readFileSync("/proc/self/environ", "utf8").split("\\0").filter(Boolean),',
  '});',
  '',
].join('\n');
const PYTHON_REPORTER = [
  'import os, sys',
  'def handler(event, context):',
  '    return {"env": dict(os.environ), "cwd": os.getcwd(), "task": sorted(os.listdir("/var/task")), "opt": os.listdir("/opt"),',
  '            "path": sys.path, "initialEnviron": [e for e in open("/proc/self/environ").read().split("\\0") if e]}',
  '',
].join('\n');
interface Case { kind: 'node' | 'python'; runtime: string; handler: string; files: Record<string, string> }
const CASES = [
  { kind: 'node', runtime: 'nodejs20.x', handler: 'index.handler', files: { 'index.js': NODE_REPORTER, 'data/note.txt': 'node' } },
  { kind: 'python', runtime: 'python3.12', handler: 'app.handler', files: { 'app.py': PYTHON_REPORTER, 'data/note.txt': 'python' } },
] as const satisfies readonly Case[];
/** Values that differ from one start to the next (ports, stream names, trace ids) or between servers (credentials). */
const PER_START = ['AWS_LAMBDA_RUNTIME_API', 'AWS_LAMBDA_LOG_STREAM_NAME', '_X_AMZN_TRACE_ID', 'AWS_ENDPOINT_URL_LAMBDA', 'AWS_SECRET_ACCESS_KEY'];

type Report = { env: Record<string, string>; cwd: string; task: string[]; opt: string[]; initialEnviron: string[]; [k: string]: unknown };
const bwrap = existsSync('/usr/bin/bwrap') || existsSync('/usr/local/bin/bwrap') || existsSync('/bin/bwrap');

const [prestarted, plain] = await Promise.all([startLambkin({ args: ['--prestart', '1'] }), startLambkin({ args: ['--prestart', '0'] })]);

async function create(client: LambdaClient, name: string, c: Case, extra: { layer?: string; memorySize?: number } = {}): Promise<void> {
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: c.runtime as Runtime, Handler: c.handler, Role: ROLE, Code: { ZipFile: await makeZip({ ...c.files, [`${name}.marker`]: name }) },
    Environment: { Variables: { MY_SETTING: 'on' } }, MemorySize: extra.memorySize ?? 256, ...(extra.layer ? { Layers: [extra.layer] } : {}),
  }));
}

async function invoke(client: LambdaClient, name: string): Promise<{ report: Report; log: string }> {
  const out = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}'), LogType: 'Tail' }));
  const log = Buffer.from(out.LogResult ?? '', 'base64').toString();
  assert.equal(out.FunctionError, undefined, `${name} failed: ${Buffer.from(out.Payload ?? []).toString()}\n${log}`);
  return { report: JSON.parse(Buffer.from(out.Payload!).toString()) as Report, log };
}

/** The host dirs of this server's pre-started sandboxes that hold a file named `file` in their task dir. */
function zygoteTaskDirsWith(server: TestServer, file: string): string[] {
  const base = join(server.dataDir, 'engine', 'zygotes');
  if (!existsSync(base)) return [];
  const found: string[] = [];
  for (const pid of readdirSync(base)) {
    for (const id of readdirSync(join(base, pid))) {
      const task = join(base, pid, id, 'task');
      if (existsSync(join(task, file))) found.push(task);
    }
  }
  return found;
}

/** Waits until the server has a pre-started sandbox of the runtime ready (one was started after the last claim). */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

const withoutPerStart = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).filter(([k]) => !PER_START.includes(k)));

for (const c of CASES) {
  describe(`a never-seen ${c.kind} function with --prestart`, () => {
    test('runs, reports Init Duration, and sees exactly the environment, cwd and /var/task of a normal start', async (t) => {
      if (!bwrap) return t.skip('bwrap is not available on this host');
      const name = `same-${c.kind}`;
      // A first function of the runtime opens its pool; the function measured takes a ready sandbox.
      await create(prestarted.client(), `opener-${c.kind}`, c);
      await invoke(prestarted.client(), `opener-${c.kind}`);
      await settle();
      await Promise.all([create(prestarted.client(), name, c), create(plain.client(), name, c)]);
      const [a, b] = [await invoke(prestarted.client(), name), await invoke(plain.client(), name)];
      assert.equal(zygoteTaskDirsWith(prestarted, `${name}.marker`).length, 1, 'it ran in a pre-started sandbox');
      assert.equal(zygoteTaskDirsWith(plain, `${name}.marker`).length, 0);
      assert.match(a.log, /REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 256 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms/);
      assert.deepEqual(withoutPerStart(a.report.env), withoutPerStart(b.report.env));
      assert.equal(a.report.env.AWS_LAMBDA_INITIALIZATION_TYPE, 'on-demand');
      assert.equal(a.report.env.MY_SETTING, 'on');
      assert.deepEqual(Object.keys(a.report.env).sort(), Object.keys(b.report.env).sort());
      assert.equal(a.report.cwd, '/var/task');
      assert.deepEqual(a.report.task, ['data', c.kind === 'node' ? 'index.js' : 'app.py', `${name}.marker`].sort());
      assert.deepEqual(b.report.task, a.report.task);
      assert.deepEqual(a.report.opt, []);
      // What else a function can look at is the same too (the start-up environment it was exec'd with
      // is a part of its environment, with the same values).
      const { initialEnviron, env, ...rest } = a.report;
      const { initialEnviron: plainEnviron, env: _plainEnv, ...plainRest } = b.report;
      assert.deepEqual(rest, plainRest);
      for (const entry of initialEnviron) {
        const key = entry.slice(0, entry.indexOf('='));
        assert.equal(entry, `${key}=${env[key]}`, `${key} of the start-up environment is the function's own`);
      }
      assert.ok(plainEnviron.length >= initialEnviron.length);
    });

    test('a second function gets a sandbox of its own, with only its own code', async (t) => {
      if (!bwrap) return t.skip('bwrap is not available on this host');
      await settle();
      const other = { ...c, files: { ...c.files, 'second.txt': 'mine' } };
      const name = `second-${c.kind}`;
      await create(prestarted.client(), name, other);
      const { report } = await invoke(prestarted.client(), name);
      assert.deepEqual(report.task, [...Object.keys(other.files).filter((f) => !f.includes('/')), 'data', `${name}.marker`].sort());
      const dirs = zygoteTaskDirsWith(prestarted, `${name}.marker`);
      assert.equal(dirs.length, 1, 'the second function ran in a pre-started sandbox');
      assert.equal(readFileSync(join(dirs[0]!, 'second.txt'), 'utf8'), 'mine');
      // No other sandbox shows its code, and its sandbox shows no other function's.
      assert.deepEqual(readdirSync(dirs[0]!).sort(), report.task);
    });

    test('layers appear at /opt and the memory limit is the function\'s', async (t) => {
      if (!bwrap) return t.skip('bwrap is not available on this host');
      await settle();
      const client = prestarted.client();
      const layer = await client.send(new PublishLayerVersionCommand({
        LayerName: `layer-${c.kind}`, Content: { ZipFile: await makeZip({ 'layer.txt': `from the ${c.kind} layer` }) },
      }));
      const layered = { ...c, files: { ...c.files, 'layered.txt': 'yes' } };
      await create(client, `layered-${c.kind}`, layered, { layer: layer.LayerVersionArn!, memorySize: 192 });
      const { report, log } = await invoke(client, `layered-${c.kind}`);
      assert.deepEqual(report.opt, ['layer.txt']);
      if (c.kind === 'node') assert.equal(report.layerFile, 'from the node layer');
      assert.equal(zygoteTaskDirsWith(prestarted, `layered-${c.kind}.marker`).length, 1, 'it ran in a pre-started sandbox');
      const memoryDir = '/sys/fs/cgroup/memory/lambkin';
      const stream = /\[\$LATEST\]([0-9a-f]{32})/.exec(report.env.AWS_LAMBDA_LOG_STREAM_NAME!)?.[1];
      assert.ok(stream, log);
      if (existsSync(join(memoryDir, stream))) {
        assert.equal(readFileSync(join(memoryDir, stream, 'memory.limit_in_bytes'), 'utf8').trim(), String(192 * 1024 * 1024));
      } else if (existsSync(join('/sys/fs/cgroup/lambkin', stream))) {
        assert.equal(readFileSync(join('/sys/fs/cgroup/lambkin', stream, 'memory.max'), 'utf8').trim(), String(192 * 1024 * 1024));
      } else {
        t.diagnostic('no cgroups on this host: the memory limit is not checked');
      }
    });
  });
}

test('a function that sets a variable the interpreter reads at start starts the usual way, and sees it applied', async (t) => {
  if (!bwrap) return t.skip('bwrap is not available on this host');
  const client = prestarted.client();
  await client.send(new CreateFunctionCommand({
    FunctionName: 'node-options', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
    Code: { ZipFile: await makeZip({ 'index.js': 'exports.handler = async () => ({ size: require("v8").getHeapStatistics().heap_size_limit });\n', 'options.txt': '' }) },
    Environment: { Variables: { NODE_OPTIONS: '--max-old-space-size=64' } },
  }));
  const out = await client.send(new InvokeCommand({ FunctionName: 'node-options', Payload: Buffer.from('{}') }));
  const { size } = JSON.parse(Buffer.from(out.Payload!).toString()) as { size: number };
  assert.ok(size < 128 * 1024 * 1024, `heap limit ${size} follows NODE_OPTIONS`);
  assert.deepEqual(zygoteTaskDirsWith(prestarted, 'options.txt'), []);
});
