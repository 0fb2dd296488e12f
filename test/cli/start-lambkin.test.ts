// More of `import { startLambkin } from 'lambkin'` (next to package-api.test.ts): the accountId option,
// a signed reset() with --credentials, stop() twice, and the SDK loaded only by client().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateFunctionCommand, ListFunctionsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { startLambkin, LambkinError } from 'lambkin';
import { makeZip, NODE_ECHO } from '../support/zip.js';

const run = promisify(execFile);
const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

async function deploy(client: LambdaClient, name: string): Promise<void> {
  await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: await makeZip(NODE_ECHO) },
  }));
}

async function names(client: LambdaClient): Promise<string[]> {
  return ((await client.send(new ListFunctionsCommand({}))).Functions ?? []).map((f) => f.FunctionName!).sort();
}

/** Resolves once nothing listens at the endpoint any more. */
function connectionRefused(endpoint: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint}/_lambkin/health`, (res) => { res.resume(); reject(new Error(`still answering: ${res.statusCode}`)); });
    req.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end();
  });
}

test('region and accountId options are the server\'s defaults, and client() uses them', async () => {
  const lambkin = await startLambkin({ region: 'eu-west-1', accountId: '123456789012' });
  try {
    await deploy(lambkin.client(), 'here');
    const listed = await lambkin.client().send(new ListFunctionsCommand({}));
    assert.deepEqual(listed.Functions?.map((f) => f.FunctionArn), ['arn:aws:lambda:eu-west-1:123456789012:function:here']);
  } finally {
    await lambkin.stop();
  }
});

test('with --credentials, reset() is signed by the given key and resets only its account', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lambkin-creds-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'credentials.json');
  writeFileSync(file, JSON.stringify({ AKIAOWNER: { secretAccessKey: 'owner-secret', accountId: '111111111111' } }));
  const lambkin = await startLambkin({ args: ['--credentials', file] });
  try {
    const owner = { accessKeyId: 'AKIAOWNER', secretAccessKey: 'owner-secret' };
    const client = lambkin.client({ credentials: owner });
    await deploy(client, 'kept');
    await assert.rejects(lambkin.reset(), (err: unknown) => {
      assert.ok(err instanceof LambkinError);
      assert.equal(err.name, 'MissingAuthenticationTokenException');
      assert.equal(err.statusCode, 403);
      return true;
    });
    assert.deepEqual(await names(client), ['kept']);
    assert.equal((await lambkin.reset({ credentials: owner })).reset, '111111111111');
    assert.deepEqual(await names(client), []);
  } finally {
    await lambkin.stop();
  }
});

test('stop() ends the server with exit code 0 and removes its temporary data dir; a second stop() is the same stop', async () => {
  const lambkin = await startLambkin();
  const { endpoint, dataDir } = lambkin;
  assert.equal(await lambkin.stop(), 0);
  assert.equal(await lambkin.stop(), 0);
  assert.equal(existsSync(dataDir), false);
  assert.equal(await connectionRefused(endpoint), 'ECONNREFUSED');
});

test('plain Node imports the package without a TypeScript loader, and loads the SDK only when client() is called', async () => {
  const script = `
    import { createRequire } from 'node:module';
    import { startLambkin } from 'lambkin';
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((p) => p.includes('@aws-sdk/client-lambda'));
    const lambkin = await startLambkin();
    const before = loaded();
    const { Functions } = await lambkin.client().send(new (createRequire(import.meta.url)('@aws-sdk/client-lambda').ListFunctionsCommand)({}));
    console.log(JSON.stringify({ before, after: loaded(), functions: Functions, exit: await lambkin.stop() }));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url).pathname, timeout: 120_000,
    env: { ...process.env, NODE_OPTIONS: '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  assert.deepEqual(JSON.parse(stdout), { before: false, after: true, functions: [], exit: 0 });
});
