// The log endpoint's account, region and function name become a path: none may reach another
// account's logs or another server's data dir, whoever signs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startLambkin } from '../support/server.js';
import { rawRequest } from '../support/raw-request.js';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { makeZip } from '../support/zip.js';
import { ROLE, deploy, invoke } from './invoke/helpers.js';

const parent = mkdtempSync(join(tmpdir(), 'lambkin-logs-paths-'));
const credentials = join(parent, 'credentials.json');
writeFileSync(credentials, JSON.stringify({
  AKIAOWNER: { secretAccessKey: 'owner-secret', accountId: '111111111111' },
  AKIAOTHER: { secretAccessKey: 'other-secret', accountId: '222222222222' },
}));
const LOGGED = { 'index.js': "exports.handler = async () => { console.log('owner-only line'); return 1; };\n" };

const verified = await startLambkin({ args: ['--credentials', credentials], dataDir: join(parent, 'verified') });
await deploy(verified.client('AKIAOWNER', 'owner-secret'), 'logged', LOGGED);
await invoke(verified.client('AKIAOWNER', 'owner-secret'), 'logged');
// The other account has a function of the same name, so the request is otherwise a fair one.
await deploy(verified.client('AKIAOTHER', 'other-secret'), 'logged', { 'index.js': 'exports.handler = async () => 2;\n' });

// A second server, in a sibling data dir, whose logs a deeper `../` would reach.
const neighbour = await startLambkin({ dataDir: join(parent, 'neighbour') });
await deploy(neighbour.client('111111111111'), 'logged', LOGGED);
await invoke(neighbour.client('111111111111'), 'logged');

function asOther(query: string) {
  return rawRequest(verified.url, { path: `/_lambkin/logs/logged?${query}`, accessKeyId: 'AKIAOTHER', secretAccessKey: 'other-secret' });
}

function assertRefused(res: Awaited<ReturnType<typeof rawRequest>>, message: string): void {
  assert.equal(res.status, 400);
  assert.equal(res.headers['x-amzn-errortype'], 'InvalidParameterValueException');
  assert.deepEqual(res.json(), { Type: 'User', message });
  assert.doesNotMatch(res.body.toString(), /owner-only line/);
}

test('a signed request whose region climbs into another account is refused, never answered with its logs', async () => {
  const region = '../111111111111/us-east-1';
  assertRefused(await asOther(`region=${encodeURIComponent(region)}`),
    `Invalid region: "${region}". A region is an AWS region name, e.g. us-east-1.`);
});

test('a deeper region reaching another server\'s data dir is refused', async () => {
  const region = `${relative(join(parent, 'verified', 'logs', '222222222222'), join(parent, 'neighbour', 'logs', '111111111111'))}/us-east-1`;
  assert.match(region, /^\.\.\/\.\.\/\.\.\//);
  assertRefused(await asOther(`region=${encodeURIComponent(region)}`),
    `Invalid region: "${region}". A region is an AWS region name, e.g. us-east-1.`);
});

test('a function name that is a path is refused', async () => {
  const res = await rawRequest(verified.url, {
    path: `/_lambkin/logs/${encodeURIComponent('../logged')}`, accessKeyId: 'AKIAOTHER', secretAccessKey: 'other-secret',
  });
  assertRefused(res, 'Invalid function name: "../logged". A function name is 1 to 64 letters, digits, hyphens or underscores.');
});

test('the signer still reads its own region\'s logs', async () => {
  const res = await rawRequest(verified.url, { path: '/_lambkin/logs/logged?region=us-east-1', accessKeyId: 'AKIAOWNER', secretAccessKey: 'owner-secret' });
  assert.equal(res.status, 200);
  assert.match(res.body.toString(), /owner-only line/);
});

test('without credentials, an account that climbs out of the log store is refused too', async () => {
  const account = '../../neighbour/logs/111111111111';
  const res = await rawRequest(neighbour.url, { path: `/_lambkin/logs/logged?account=${encodeURIComponent(account)}`, unsigned: true });
  assertRefused(res, `Invalid account: "${account}". An account is 12 digits, e.g. 123456789012.`);
});

test('a stream name cannot leave its log group', async () => {
  const res = await rawRequest(neighbour.url, {
    path: `/_lambkin/logs/logged?account=111111111111&stream=${encodeURIComponent('../../../../secret')}`, unsigned: true,
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.toString(), '');
});

test('a log group named ".." keeps its streams inside its region\'s directory', async () => {
  const client = neighbour.client('333333333333');
  await client.send(new CreateFunctionCommand({
    FunctionName: 'dotted', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
    Code: { ZipFile: await makeZip({ 'index.js': 'exports.handler = async () => 3;\n' }) },
    LoggingConfig: { LogGroup: '..' },
  }));
  await invoke(client, 'dotted');
  const accountDir = join(neighbour.dataDir, 'logs', '333333333333');
  assert.deepEqual(readdirSync(accountDir), ['us-east-1']);
  assert.deepEqual(readdirSync(join(accountDir, 'us-east-1')), ['%2E%2E']);
});
