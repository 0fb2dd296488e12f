import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { until } from '../support/timing.js';
import { harness, json, type Harness } from './helpers.js';

const SERVER_SECRET = 'LAMBKIN_TEST_SERVER_SECRET';
let h: Harness;
before(async () => {
  process.env[SERVER_SECRET] = 'must-not-leak';
  h = await harness();
});
after(async () => {
  delete process.env[SERVER_SECRET];
  await h.close();
});

describe('the environment a function sees', () => {
  test('Lambda variables are set and nothing of the server environment leaks', async () => {
    const fn = h.fn('envfn', { environment: { MY_VAR: 'mine', AWS_REGION: 'eu-west-1', TZ: 'Europe/Paris' }, memorySize: 256 });
    const { env } = json(await h.invoke(fn, { action: 'env' }));
    assert.equal(env[SERVER_SECRET], undefined);
    assert.equal(env.NODE_EXTRA_CA_CERTS, undefined);
    assert.equal(env.HOME, undefined);
    assert.equal(env.MY_VAR, 'mine');
    assert.equal(env.AWS_REGION, 'us-east-1', 'reserved variables cannot be overridden');
    assert.equal(env.TZ, 'Europe/Paris', 'TZ can be overridden, as on Lambda');
    assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'envfn');
    assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST');
    assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '256');
    assert.equal(env.AWS_DEFAULT_REGION, 'us-east-1');
    assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/envfn');
    assert.match(env.AWS_LAMBDA_LOG_STREAM_NAME, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.equal(env.AWS_LAMBDA_INITIALIZATION_TYPE, 'on-demand');
    assert.match(env.AWS_LAMBDA_RUNTIME_API, /^127\.0\.0\.1:\d+$/);
    assert.equal(env.AWS_ACCESS_KEY_ID, 'AKIDTEST');
    assert.equal(env.AWS_SECRET_ACCESS_KEY, 'secret-test');
    assert.equal(env.AWS_ENDPOINT_URL_LAMBDA, 'http://127.0.0.1:9001');
    assert.equal(env._HANDLER, 'function.handler');
    assert.equal(env.LANG, 'en_US.UTF-8');
    assert.equal(env.AWS_XRAY_CONTEXT_MISSING, 'LOG_ERROR');
    assert.equal(env.AWS_EXECUTION_ENV, undefined, 'provided runtimes have no AWS_EXECUTION_ENV');
    if (h.engine.sandbox.kind === 'bwrap') {
      assert.equal(env.LAMBDA_TASK_ROOT, '/var/task');
      assert.equal(env.LAMBDA_RUNTIME_DIR, '/var/runtime');
      assert.equal(env.PATH, '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin');
      assert.equal(
        env.LD_LIBRARY_PATH,
        '/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib',
      );
    }
  });
});

describe('isolation under bwrap', () => {
  test('code is read-only, /tmp is private, the data dir, siblings and the host are invisible', async (t) => {
    if (h.engine.sandbox.kind !== 'bwrap') return t.skip('bwrap is not available on this host');
    const sibling = h.fn('sibling');
    const fn = h.fn('isolated');
    const read = async (path: string) => json(await h.invoke(fn, { action: 'read', path }));
    const write = async (path: string) => json(await h.invoke(fn, { action: 'write', path }));
    mkdirSync(join(h.dataDir, 'secret'), { recursive: true });
    writeFileSync(join(h.dataDir, 'secret', 'x.txt'), 'data');
    assert.deepEqual(await read(join(h.dataDir, 'secret', 'x.txt')), { error: 'ENOENT' });
    assert.deepEqual(await read(join(sibling.codeDir, 'bootstrap')), { error: 'ENOENT' });
    assert.deepEqual(await read(join(process.cwd(), 'package.json')), { error: 'ENOENT' });
    assert.deepEqual(await read('/etc/shadow'), { error: 'EACCES' });
    assert.match((await read('/var/task/bootstrap')).content, /custom runtime for engine tests/);
    assert.deepEqual(await write('/var/task/new-file'), { error: 'EROFS' });
    assert.deepEqual(await write('/usr/new-file'), { error: 'EROFS' });
    assert.deepEqual(await write('/tmp/scratch'), { written: true });
    assert.deepEqual(await read('/tmp/scratch'), { content: 'x' });
    const { pid } = json(await h.invoke(fn, { action: 'env' }));
    assert.ok(pid < 10, `runtime runs in its own pid namespace (pid ${pid})`);
  });

  test('/tmp of another environment is not shared', async (t) => {
    if (h.engine.sandbox.kind !== 'bwrap') return t.skip('bwrap is not available on this host');
    const a = h.fn('tmp-a');
    const b = h.fn('tmp-b');
    assert.deepEqual(json(await h.invoke(a, { action: 'write', path: '/tmp/mine' })), { written: true });
    assert.deepEqual(json(await h.invoke(b, { action: 'read', path: '/tmp/mine' })), { error: 'ENOENT' });
  });

  test('layers are merged under /opt, later layers winning', async (t) => {
    if (h.engine.sandbox.kind !== 'bwrap') return t.skip('bwrap is not available on this host');
    const one = join(h.root, 'layer1');
    const two = join(h.root, 'layer2');
    mkdirSync(join(one, 'lib'), { recursive: true });
    mkdirSync(join(two, 'lib'), { recursive: true });
    writeFileSync(join(one, 'lib', 'a.txt'), 'one-a');
    writeFileSync(join(one, 'lib', 'b.txt'), 'one-b');
    writeFileSync(join(two, 'lib', 'b.txt'), 'two-b');
    const fn = h.fn('layered', { layerDirs: [one, two] });
    assert.deepEqual(json(await h.invoke(fn, { action: 'read', path: '/opt/lib/a.txt' })), { content: 'one-a' });
    assert.deepEqual(json(await h.invoke(fn, { action: 'read', path: '/opt/lib/b.txt' })), { content: 'two-b' });
    assert.deepEqual(json(await h.invoke(fn, { action: 'write', path: '/opt/lib/c.txt' })), { error: 'EROFS' });
  });

  test('each environment gets a memory cgroup that is removed when it ends', async (t) => {
    if (!h.engine.sandbox.cgroups) return t.skip('no cgroups on this host');
    const fn = h.fn('cgrouped', { memorySize: 192 });
    const { env } = json(await h.invoke(fn, { action: 'env' }));
    const id = env.AWS_LAMBDA_LOG_STREAM_NAME.slice(-32);
    const dir = h.engine.sandbox.cgroups === 1 ? `/sys/fs/cgroup/memory/lambkin/${id}` : `/sys/fs/cgroup/lambkin/${id}`;
    assert.equal(existsSync(dir), true);
    h.engine.retire((f) => f.envKey === fn.envKey);
    await until(`${dir} is removed`, () => !existsSync(dir));
  });
});
