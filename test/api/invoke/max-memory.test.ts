// `Max Memory Used` in the REPORT line is the environment's real peak so far, never above MemorySize.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLambkin } from '../../support/server.js';
import { deploy, invoke } from './helpers.js';

const server = await startLambkin();
const client = server.client();

const NODE_ALLOC = {
  'index.js': 'exports.handler = async (e) => { const b = Buffer.alloc((e.mb ?? 0) * 1048576, 1); return b.length; };\n',
};
const PYTHON_ALLOC = {
  'app.py': 'def handler(e, c):\n    b = bytearray((e.get("mb") or 0) * 1048576)\n    for i in range(0, len(b), 4096):\n        b[i] = 1\n    return len(b)\n',
};
const PY = { runtime: 'python3.12', handler: 'app.handler' };

/** Max Memory Used (MB) from the REPORT line of an Invoke's log tail, after checking Memory Size. */
async function maxMemoryUsed(name: string, memorySize: number, event: unknown): Promise<number> {
  const r = await invoke(client, name, event, { LogType: 'Tail' });
  assert.equal(r.functionError, undefined, r.text);
  const m = new RegExp(`^REPORT RequestId: \\S+\\t.*\\tMemory Size: ${memorySize} MB\\tMax Memory Used: (\\d+) MB\\t`, 'm').exec(r.log!);
  assert.ok(m, r.log);
  return Number(m[1]);
}

describe('Max Memory Used', () => {
  test('a Node.js function that allocates 100 MB reports at least that, and no more than MemorySize', async () => {
    await deploy(client, 'node-alloc', NODE_ALLOC, { memorySize: 256 });
    const used = await maxMemoryUsed('node-alloc', 256, { mb: 100 });
    assert.ok(used >= 100 && used <= 256, `Max Memory Used: ${used} MB`);
  });

  test('a Python function that allocates 100 MB reports at least that, and no more than MemorySize', async () => {
    await deploy(client, 'python-alloc', PYTHON_ALLOC, { ...PY, memorySize: 256 });
    const used = await maxMemoryUsed('python-alloc', 256, { mb: 100 });
    assert.ok(used >= 100 && used <= 256, `Max Memory Used: ${used} MB`);
  });

  // The interpreter's own pages count: they were charged to the host's page cache, not the environment's cgroup.
  test('a Node.js function that allocates nothing reports the interpreter it runs on', async () => {
    await deploy(client, 'node-idle', NODE_ALLOC);
    const used = await maxMemoryUsed('node-idle', 128, {});
    assert.ok(used > 20 && used <= 128, `Max Memory Used: ${used} MB`);
  });

  test('a Python function that allocates nothing reports the interpreter it runs on', async () => {
    await deploy(client, 'python-idle', PYTHON_ALLOC, PY);
    const used = await maxMemoryUsed('python-idle', 128, {});
    assert.ok(used > 8 && used <= 128, `Max Memory Used: ${used} MB`);
  });

  // The runtime is killed before the REPORT line is written: its figure was read before it went.
  test('an invocation that times out or crashes still reports the interpreter it ran on', async () => {
    await deploy(client, 'node-stuck', {
      'index.js': 'exports.handler = async (e) => { if (e.exit) process.exit(3); await new Promise(() => setTimeout(() => {}, 60000)); };\n',
    }, { timeout: 1 });
    for (const event of [{}, { exit: true }]) {
      const r = await invoke(client, 'node-stuck', event, { LogType: 'Tail' });
      assert.equal(r.functionError, 'Unhandled', r.text);
      const m = /\tMemory Size: 128 MB\tMax Memory Used: (\d+) MB\t/.exec(r.log!);
      assert.ok(m, r.log);
      assert.ok(Number(m[1]) > 20 && Number(m[1]) <= 128, `Max Memory Used: ${m[1]} MB after ${JSON.stringify(event)}`);
    }
  });

  // As on AWS: the figure is the environment's peak so far, so a warm environment never reports less.
  test('a warm environment keeps reporting its peak after a smaller invocation', async () => {
    await deploy(client, 'node-peak', NODE_ALLOC, { memorySize: 256 });
    const idle = await maxMemoryUsed('node-peak', 256, {});
    const peak = await maxMemoryUsed('node-peak', 256, { mb: 120 });
    const after = await maxMemoryUsed('node-peak', 256, {});
    assert.ok(peak >= idle + 100, `idle ${idle} MB, peak ${peak} MB`);
    assert.ok(after >= peak, `peak ${peak} MB, then ${after} MB`);
  });
});
