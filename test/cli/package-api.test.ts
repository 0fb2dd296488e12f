// `import { startLambkin } from 'lambkin'` (the package's own name, through its exports): a server on an
// ephemeral port with a temporary data dir, a configured client(), reset() and stop().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { GetFunctionCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startLambkin, LambkinError } from 'lambkin';
import { deploy, invoke } from '../api/invoke/helpers.js';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;

test('startLambkin gives an endpoint, region, account and a client that reaches it; stop() removes the data dir', async () => {
  const lambkin = await startLambkin({ region: 'eu-west-1' });
  try {
    assert.match(lambkin.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(lambkin.region, 'eu-west-1');
    assert.equal(lambkin.accountId, '000000000000');
    assert.ok(existsSync(lambkin.dataDir));
    const client = lambkin.client({ maxAttempts: 1 });
    await deploy(client, 'hello', { 'index.js': 'exports.handler = async (e) => ({ got: e.n });\n' });
    const out = await invoke(client, 'hello', { n: 7 });
    assert.deepEqual(out.json(), { got: 7 });
    const fn = await client.send(new GetFunctionCommand({ FunctionName: 'hello' }));
    assert.equal(fn.Configuration!.FunctionArn, 'arn:aws:lambda:eu-west-1:000000000000:function:hello');
  } finally {
    assert.equal(await lambkin.stop(), 0);
  }
  assert.equal(existsSync(lambkin.dataDir), false);
});

test('reset() empties one account or all; a bad account is AWS\'s InvalidParameterValueException', async () => {
  const lambkin = await startLambkin();
  try {
    const one = lambkin.client({ credentials: { accessKeyId: '111111111111', secretAccessKey: 's' } });
    const two = lambkin.client({ credentials: { accessKeyId: '222222222222', secretAccessKey: 's' } });
    await deploy(one, 'a', { 'index.js': 'exports.handler = async () => 1;\n' });
    await deploy(two, 'b', { 'index.js': 'exports.handler = async () => 1;\n' });
    const summary = await lambkin.reset({ accountId: '111111111111' });
    assert.equal(summary.reset, '111111111111');
    assert.equal(summary.removed.function, 1);
    assert.deepEqual((await one.send(new ListFunctionsCommand({}))).Functions, []);
    assert.equal((await two.send(new ListFunctionsCommand({}))).Functions!.length, 1);
    await assert.rejects(lambkin.reset({ accountId: '12' }), (err: LambkinError) => {
      assert.ok(err instanceof LambkinError);
      assert.equal(err.name, 'InvalidParameterValueException');
      assert.equal(err.statusCode, 400);
      assert.equal(err.message, 'Invalid account: "12". An account is 12 digits, e.g. 123456789012.');
      return true;
    });
    assert.equal((await lambkin.reset()).reset, 'all');
    assert.deepEqual((await two.send(new ListFunctionsCommand({}))).Functions, []);
  } finally {
    await lambkin.stop();
  }
});

test('a plain node process, with no TypeScript loader, imports the package and uses client()', async () => {
  const script = `
    import { startLambkin } from 'lambkin';
    import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
    const lambkin = await startLambkin();
    const out = await lambkin.client().send(new ListFunctionsCommand({}));
    const dataDir = lambkin.dataDir;
    const code = await lambkin.stop();
    const { existsSync } = await import('node:fs');
    console.log(JSON.stringify({ functions: out.Functions, code, left: existsSync(dataDir) }));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT, timeout: 120_000, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  assert.deepEqual(JSON.parse(stdout), { functions: [], code: 0, left: false });
});
