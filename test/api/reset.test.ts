// POST /_lambkin/reset empties one account or the whole server between tests, and the server stays usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddPermissionCommand, CreateAliasCommand, CreateFunctionCommand, GetFunctionCommand, GetFunctionConcurrencyCommand, ListFunctionsCommand,
  ListLayersCommand, PublishLayerVersionCommand, PublishVersionCommand, PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand, PutFunctionRecursionConfigCommand, PutRuntimeManagementConfigCommand, type LambdaClient,
} from '@aws-sdk/client-lambda';
import Database from 'better-sqlite3';
import { startLambkin, type TestServer } from '../support/server.js';
import { rawRequest } from '../support/raw-request.js';
import { makeZip } from '../support/zip.js';
import { ROLE, deploy, functionLog, invoke } from './invoke/helpers.js';
import { invokeEvent } from '../async/helpers.js';

const ALPHA = { 'index.js': "exports.handler = async () => { console.log('alpha ran'); return 'alpha'; };\n" };
// Built once: the same bytes in two accounts are one blob (a zip's timestamps would make two).
const COMMON_ZIP = await makeZip({ 'index.js': "exports.handler = async () => 'common';\n" });
const FLAKY = { 'index.js': "exports.handler = async () => { console.log('flaky ran'); throw new Error('always'); };\n" };

function deployCommon(client: LambdaClient, name = 'common') {
  return client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: COMMON_ZIP },
  }));
}

function reset(server: TestServer, query = '') {
  return rawRequest(server.url, { method: 'POST', path: `/_lambkin/reset${query}`, unsigned: true });
}

function blobFiles(dataDir: string): string[] {
  const root = join(dataDir, 'blobs');
  return readdirSync(root).filter((d) => /^[0-9a-f]{2}$/.test(d)).flatMap((d) => readdirSync(join(root, d)).map((f) => d + f));
}

async function hexSha(client: LambdaClient, name: string): Promise<string> {
  const out = await client.send(new GetFunctionCommand({ FunctionName: name }));
  return Buffer.from(out.Configuration!.CodeSha256!, 'base64').toString('hex');
}

async function names(client: LambdaClient): Promise<string[]> {
  return ((await client.send(new ListFunctionsCommand({}))).Functions ?? []).map((f) => f.FunctionName!).sort();
}

/** Account 111111111111 gets one of everything; 222222222222 a function with the same code as one of 111's. */
async function populate(one: LambdaClient, two: LambdaClient): Promise<void> {
  await deploy(one, 'alpha', ALPHA);
  await one.send(new PublishVersionCommand({ FunctionName: 'alpha' }));
  await one.send(new CreateAliasCommand({ FunctionName: 'alpha', Name: 'live', FunctionVersion: '1' }));
  await one.send(new AddPermissionCommand({ FunctionName: 'alpha', StatementId: 's1', Action: 'lambda:InvokeFunction', Principal: '222222222222' }));
  await one.send(new PutFunctionConcurrencyCommand({ FunctionName: 'alpha', ReservedConcurrentExecutions: 5 }));
  await one.send(new PublishLayerVersionCommand({ LayerName: 'lib', Content: { ZipFile: await makeZip({ 'lib/x.txt': 'x' }) } }));
  await deployCommon(one);
  await invoke(one, 'alpha');
  await deployCommon(two);
  await invoke(two, 'common');
}

test('resetting one account removes all of it, the other account keeps everything, and the account is usable again', async () => {
  // A short first retry delay, so a queued retry that survived the reset would show within the test.
  const server = await startLambkin({ env: { LAMBKIN_ASYNC_RETRY_BASE_DELAY: '2' } });
  const one = server.client('111111111111');
  const two = server.client('222222222222');
  await populate(one, two);
  const alphaKey = await hexSha(one, 'alpha');
  await deploy(one, 'flaky', FLAKY);
  await one.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'flaky', MaximumRetryAttempts: 2 }));
  await invokeEvent(one, 'flaky', {});
  for (let i = 0; !(await functionLog(server.url, 'flaky?account=111111111111')).some((e) => e.message.includes('flaky ran')); i++) {
    assert.ok(i < 400, 'the queued event never ran');
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(existsSync(join(server.dataDir, 'code', alphaKey)));

  const res = await reset(server, '?account=111111111111');
  assert.equal(res.status, 200);
  const summary = res.json() as { reset: string; removed: Record<string, number>; codeBlobsRemoved: number };
  assert.equal(summary.reset, '111111111111');
  assert.deepEqual(
    { ...summary.removed, 'async-event': undefined },
    {
      function: 3, 'function-version': 1, 'function-alias': 1, 'function-policy': 1, 'function-concurrency': 1,
      'event-invoke-config': 1, layer: 1, 'layer-version': 1, 'async-event': undefined,
    },
  );
  // The event is either waiting for its retry or being retried: it is stored until its outcome is known.
  assert.equal(summary.removed['async-event'], 1);
  assert.equal(summary.codeBlobsRemoved, 3); // alpha's, the layer's and flaky's; common's is still 222's
  assert.equal(existsSync(join(server.dataDir, 'code', alphaKey)), false);
  assert.equal(existsSync(join(server.dataDir, 'logs', '111111111111')), false);

  assert.deepEqual(await names(one), []);
  assert.deepEqual((await one.send(new ListLayersCommand({}))).Layers, []);
  assert.deepEqual(await names(two), ['common']);
  assert.equal((await invoke(two, 'common')).text, '"common"');
  assert.equal((await functionLog(server.url, 'common?account=222222222222')).filter((e) => e.message.startsWith('START')).length, 2);

  // Created again, the same names start from nothing: no reservation, new code, no left-over event.
  await deploy(one, 'alpha', { 'index.js': "exports.handler = async () => 'alpha again';\n" });
  assert.equal((await invoke(one, 'alpha')).text, '"alpha again"');
  assert.equal((await one.send(new GetFunctionConcurrencyCommand({ FunctionName: 'alpha' }))).ReservedConcurrentExecutions, undefined);
  await deploy(one, 'flaky', { 'index.js': "exports.handler = async () => { console.log('resurrected'); return 1; };\n" });
  await new Promise((r) => setTimeout(r, 8_000)); // past every retry the old event had left (2 s, then 4 s)
  assert.deepEqual((await functionLog(server.url, 'flaky?account=111111111111')).filter((e) => e.message.includes('resurrected')), []);

  const again = await reset(server, '?account=111111111111');
  assert.deepEqual((again.json() as { removed: unknown }).removed, { function: 2 });
});

test('resetting everything empties every account and the code store; creating again works', async () => {
  const server = await startLambkin();
  const one = server.client('111111111111');
  const two = server.client('222222222222');
  await populate(one, two);
  await one.send(new PutFunctionRecursionConfigCommand({ FunctionName: 'alpha', RecursiveLoop: 'Allow' }));
  await one.send(new PutRuntimeManagementConfigCommand({ FunctionName: 'alpha', UpdateRuntimeOn: 'FunctionUpdate' }));
  assert.equal(blobFiles(server.dataDir).length, 3);

  const res = await reset(server);
  assert.equal(res.status, 200);
  const summary = res.json() as { reset: string; removed: Record<string, number>; codeBlobsRemoved: number };
  assert.equal(summary.reset, 'all');
  assert.equal(summary.removed.function, 3);
  assert.equal(summary.codeBlobsRemoved, 3);
  assert.deepEqual(blobFiles(server.dataDir), []);
  assert.deepEqual(readdirSync(join(server.dataDir, 'logs')), []);
  assert.deepEqual(await names(one), []);
  assert.deepEqual(await names(two), []);
  // Whatever family stored it, no document is left.
  const db = new Database(join(server.dataDir, 'lambkin.db'), { readonly: true });
  const left = db.prepare('SELECT kind, key FROM docs').all();
  db.close();
  assert.deepEqual(left, []);

  await deployCommon(two);
  assert.equal((await invoke(two, 'common')).text, '"common"');
  assert.deepEqual(await names(two), ['common']);
});

test('a reset names a 12-digit account', async () => {
  const server = await startLambkin();
  const res = await reset(server, '?account=..%2F..');
  assert.equal(res.status, 400);
  assert.equal(res.headers['x-amzn-errortype'], 'InvalidParameterValueException');
  assert.deepEqual(res.json(), { Type: 'User', message: 'Invalid account: "../..". An account is 12 digits, e.g. 123456789012.' });
});

test('with --credentials, a reset must be signed and resets only the signer\'s account', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lambkin-reset-creds-'));
  writeFileSync(join(dir, 'credentials.json'), JSON.stringify({
    AKIAONE: { secretAccessKey: 'one-secret', accountId: '111111111111' },
    AKIATWO: { secretAccessKey: 'two-secret', accountId: '222222222222' },
  }));
  const server = await startLambkin({ args: ['--credentials', join(dir, 'credentials.json')] });
  const one = server.client('AKIAONE', 'one-secret');
  const two = server.client('AKIATWO', 'two-secret');
  await deployCommon(one, 'mine');
  await deployCommon(two, 'theirs');
  const signedBy = (accessKeyId: string, secretAccessKey: string, query = '') =>
    rawRequest(server.url, { method: 'POST', path: `/_lambkin/reset${query}`, accessKeyId, secretAccessKey });

  const unsigned = await reset(server);
  assert.equal(unsigned.status, 403);
  assert.equal(unsigned.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');

  const badSecret = await signedBy('AKIAONE', 'wrong');
  assert.equal(badSecret.status, 403);
  assert.equal(badSecret.headers['x-amzn-errortype'], 'InvalidSignatureException');

  const other = await signedBy('AKIAONE', 'one-secret', '?account=222222222222');
  assert.equal(other.status, 403);
  assert.equal(other.headers['x-amzn-errortype'], 'AccessDeniedException');
  assert.deepEqual(other.json(), { Message: 'Account 111111111111 may reset only its own account, not 222222222222.' });
  assert.deepEqual(await names(two), ['theirs']);
  assert.deepEqual(await names(one), ['mine']);

  const own = await signedBy('AKIAONE', 'one-secret');
  assert.equal(own.status, 200);
  assert.deepEqual(own.json(), { reset: '111111111111', removed: { function: 1 }, codeBlobsRemoved: 0 });
  assert.deepEqual(await names(one), []);
  assert.deepEqual(await names(two), ['theirs']);
});

test('a reset stops the account\'s busy environments too: an invocation in flight does not finish', async () => {
  const server = await startLambkin();
  const one = server.client('111111111111');
  await deploy(one, 'slow', {
    'index.js': "exports.handler = async () => { console.log('started'); await new Promise((r) => setTimeout(r, 60_000)); return 'finished'; };\n",
  }, { timeout: 120 });
  const running = invoke(one, 'slow');
  for (let i = 0; !(await functionLog(server.url, 'slow?account=111111111111')).some((e) => e.message.includes('started')); i++) {
    assert.ok(i < 400, 'the invocation never started');
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal((await reset(server, '?account=111111111111')).status, 200);
  const outcome = await running;
  assert.equal(outcome.functionError, 'Unhandled');
  assert.notEqual(outcome.text, '"finished"');
  assert.deepEqual(await names(one), []);
});
