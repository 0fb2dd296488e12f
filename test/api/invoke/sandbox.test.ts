// What a function sees of the machine: Lambda's environment variables, and nothing of the server.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startLambkin } from '../../support/server.js';
import { deploy, invoke } from './helpers.js';

const SERVER_SECRET = 'server-only-value-7f3a';
const server = await startLambkin({ env: { LAMBKIN_TEST_SERVER_SECRET: SERVER_SECRET } });
const client = server.client();

const RECORDED = JSON.parse(readFileSync('/work/shared/reference/aws-recorded/test_lambda_common.snapshot.json', 'utf8')) as
  Record<string, { 'recorded-content': { invocation_result_payload: { environment: Record<string, string> } } }>;

function recordedEnvironment(runtime: string): Record<string, string> {
  const key = `tests/aws/services/lambda_/test_lambda_common.py::TestLambdaRuntimesCommon::test_introspection_invoke[${runtime}]`;
  return RECORDED[key]!['recorded-content'].invocation_result_payload.environment;
}

/** Values that differ per function, environment or invocation (placeholders in the recording). */
const VARYING = new Set([
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_LAMBDA_RUNTIME_API',
  '_X_AMZN_TRACE_ID', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_REGION', 'AWS_DEFAULT_REGION',
]);
/** Lambkin tells functions where to reach it; everything else is Lambda's own set. */
const LAMBKIN_ONLY = { AWS_ENDPOINT_URL_LAMBDA: server.url };

function compareWithRecording(seen: Record<string, string>, runtime: string, name: string): void {
  const recorded = recordedEnvironment(runtime);
  assert.deepEqual(Object.keys(seen).sort(), [...Object.keys(recorded), ...Object.keys(LAMBKIN_ONLY)].sort());
  const fixed = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).filter(([k]) => !VARYING.has(k)));
  const expected: Record<string, string> = { ...fixed(recorded), ...LAMBKIN_ONLY };
  // Lambkin lists the task and layer paths in PYTHONPATH too, so any runtime client finds layers.
  if (runtime.startsWith('python')) expected.PYTHONPATH = '/var/runtime:/var/task:/opt/python/lib/python3.12/site-packages:/opt/python';
  assert.deepEqual(fixed(seen), expected);
  assert.equal(seen.AWS_LAMBDA_FUNCTION_NAME, name);
  assert.equal(seen.AWS_LAMBDA_LOG_GROUP_NAME, `/aws/lambda/${name}`);
  assert.equal(seen.AWS_REGION, 'us-east-1');
  assert.equal(seen.AWS_DEFAULT_REGION, 'us-east-1');
  assert.match(seen.AWS_LAMBDA_RUNTIME_API!, /^127\.0\.0\.1:\d+$/);
  assert.match(seen.AWS_LAMBDA_LOG_STREAM_NAME!, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
  assert.match(seen._X_AMZN_TRACE_ID!, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  assert.ok(seen.AWS_ACCESS_KEY_ID && seen.AWS_SECRET_ACCESS_KEY && seen.AWS_SESSION_TOKEN);
}

describe('environment variables', () => {
  const config = { memorySize: 1024, environment: { TEST_KEY: 'TEST_VAL' } };

  test('Node.js sees exactly the variables Lambda sets (recorded on AWS, nodejs20.x)', async () => {
    await deploy(client, 'node-env', { 'index.js': 'exports.handler = async () => process.env;\n' }, config);
    compareWithRecording((await invoke(client, 'node-env')).json(), 'nodejs20.x', 'node-env');
  });

  test('Python sees exactly the variables Lambda sets (recorded on AWS, python3.12)', async () => {
    await deploy(client, 'py-env', { 'handler.py': 'import os\n\ndef handler(event, context):\n    return dict(os.environ)\n' }, {
      ...config, runtime: 'python3.12', handler: 'handler.handler',
    });
    compareWithRecording((await invoke(client, 'py-env')).json(), 'python3.12', 'py-env');
  });

  test('reserved variables in the configuration do not replace Lambda\'s', async () => {
    await deploy(client, 'reserved', { 'index.js': 'exports.handler = async () => [process.env.MINE, process.env.TZ];\n' }, {
      environment: { MINE: 'yes', TZ: 'Europe/Paris' },
    });
    // TZ is not reserved on Lambda: the function's own value wins.
    assert.deepEqual((await invoke(client, 'reserved')).json(), ['yes', 'Europe/Paris']);
  });
});

describe('isolation', () => {
  test('a function cannot read the data dir, the server environment or other processes, nor write its code', async () => {
    await deploy(client, 'prober', {
      'index.js': `const fs = require('fs');
        const attempt = (f) => { try { return { ok: f() }; } catch (e) { return { code: e.code }; } };
        exports.handler = async (event) => ({
          dataDir: attempt(() => fs.readdirSync(event.dataDir).length),
          database: attempt(() => fs.readFileSync(event.dataDir + '/lambkin.db').length),
          secretInEnv: Object.values(process.env).includes(event.secret),
          pids: fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).map(Number).sort((a, b) => a - b),
          initEnviron: attempt(() => fs.readFileSync('/proc/1/environ', 'utf8').includes(event.secret)),
          writeTask: attempt(() => fs.writeFileSync('/var/task/new.txt', 'x')),
          writeCode: attempt(() => fs.appendFileSync('/var/task/index.js', '//')),
          writeTmp: attempt(() => { fs.writeFileSync('/tmp/ok.txt', 'x'); return fs.readFileSync('/tmp/ok.txt', 'utf8'); }),
          root: attempt(() => fs.readdirSync('/root')),
          home: fs.readdirSync('/').sort(),
        });\n`,
    });
    const seen = (await invoke(client, 'prober', { dataDir: server.dataDir, secret: SERVER_SECRET })).json<Record<string, unknown>>();
    assert.deepEqual(seen.dataDir, { code: 'ENOENT' });
    assert.deepEqual(seen.database, { code: 'ENOENT' });
    assert.equal(seen.secretInEnv, false);
    // Its own PID namespace: bwrap's reaper (1) and the runtime (2), nothing of the host.
    assert.deepEqual(seen.pids, [1, 2]);
    assert.deepEqual(seen.initEnviron, { ok: false });
    assert.deepEqual(seen.writeTask, { code: 'EROFS' });
    // The extracted code is read-only twice over: the mount, and files without write permission.
    assert.deepEqual(seen.writeCode, { code: 'EACCES' });
    assert.deepEqual(seen.writeTmp, { ok: 'x' });
    assert.deepEqual(seen.root, { code: 'ENOENT' });
  });
});
