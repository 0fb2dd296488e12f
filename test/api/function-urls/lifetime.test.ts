// A URL config lives as long as its function or alias: it goes in their delete's own batch (nothing left
// in the store when the server is killed right after the answer), it survives a restart with the same
// url id, a reset empties it, and GetFunction shows nothing AWS does not. Also the AWS CLI's spelling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  CreateAliasCommand, CreateFunctionUrlConfigCommand, DeleteAliasCommand, DeleteFunctionCommand, GetFunctionCommand,
  GetFunctionUrlConfigCommand, ListFunctionUrlConfigsCommand, PublishVersionCommand, UpdateFunctionUrlConfigCommand,
  waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { arnOf, createEcho, rejectsWith } from '../functions/fixtures.js';

const run = promisify(execFile);
const server = await startLambkin();
const resourceDoesNotExist = {
  name: 'ResourceNotFoundException', status: 404, type: 'User', message: 'The resource you requested does not exist.',
} as const;

function storedUrls(name: string): unknown[] {
  const db = new Database(join(server.dataDir, 'lambkin.db'), { readonly: true });
  try {
    return db.prepare("SELECT key FROM docs WHERE kind = 'function-url' AND (key = ? OR key LIKE ? OR parent = ?)").all(name, `${name}:%`, name);
  } finally {
    db.close();
  }
}

const urlIdOf = (url: string) => /^http:\/\/([a-z0-9]{32})\.lambda-url\.us-east-1\.localhost:(\d+)\/$/.exec(url);

test('a URL config survives a restart with the same url id, on the port the server now listens on', async () => {
  let client = server.client();
  await createEcho(client, 'kept');
  const created = await client.send(new CreateFunctionUrlConfigCommand({
    FunctionName: 'kept', AuthType: 'AWS_IAM', Cors: { AllowOrigins: ['https://app.example'] }, InvokeMode: 'RESPONSE_STREAM',
  }));
  const before = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'kept' }));
  await server.restart();
  client = server.client();
  const after = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'kept' }));
  assert.equal(urlIdOf(after.FunctionUrl!)![1], urlIdOf(created.FunctionUrl!)![1]);
  assert.equal(Number(urlIdOf(after.FunctionUrl!)![2]), server.port);
  const { $metadata: _a, FunctionUrl: _u1, ...rest } = after;
  const { $metadata: _b, FunctionUrl: _u2, ...restBefore } = before;
  assert.deepEqual(rest, restBefore);
});

test('deleting the function removes its URL configs and its aliases\' in the same batch', async () => {
  let client = server.client();
  await createEcho(client, 'gone');
  await waitUntilFunctionActiveV2({ client, maxWaitTime: 10 }, { FunctionName: 'gone' });
  await client.send(new PublishVersionCommand({ FunctionName: 'gone' }));
  await client.send(new CreateAliasCommand({ FunctionName: 'gone', Name: 'live', FunctionVersion: '1' }));
  await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'gone', AuthType: 'NONE' }));
  await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'gone', Qualifier: 'live', AuthType: 'NONE' }));
  assert.equal(storedUrls('gone').length, 2);

  await client.send(new DeleteFunctionCommand({ FunctionName: 'gone' }));
  await server.stop('SIGKILL');
  assert.deepEqual(storedUrls('gone'), []);
  await server.restart();
  client = server.client();
  await createEcho(client, 'gone');
  assert.deepEqual((await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'gone' }))).FunctionUrlConfigs, []);
  await rejectsWith(client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'gone' })), resourceDoesNotExist);
});

test('deleting an alias removes its URL config only; a new alias of that name starts without one', async () => {
  const client = server.client();
  await createEcho(client, 'aliased');
  await waitUntilFunctionActiveV2({ client, maxWaitTime: 10 }, { FunctionName: 'aliased' });
  await client.send(new PublishVersionCommand({ FunctionName: 'aliased' }));
  await client.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: '1' }));
  const own = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'aliased', AuthType: 'NONE' }));
  await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'aliased', Qualifier: 'live', AuthType: 'NONE' }));

  await client.send(new DeleteAliasCommand({ FunctionName: 'aliased', Name: 'live' }));
  assert.deepEqual(storedUrls('aliased'), [{ key: 'aliased' }]);
  assert.deepEqual((await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'aliased' }))).FunctionUrlConfigs!.map((c) => c.FunctionUrl), [own.FunctionUrl]);
  await client.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: '1' }));
  await rejectsWith(client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'aliased', Qualifier: 'live' })), resourceDoesNotExist);
});

test('GetFunction of a function with a URL shows nothing new', async () => {
  const client = server.client();
  await createEcho(client, 'plain');
  const without = await client.send(new GetFunctionCommand({ FunctionName: 'plain' }));
  await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'plain', AuthType: 'NONE' }));
  const withUrl = await client.send(new GetFunctionCommand({ FunctionName: 'plain' }));
  assert.deepEqual(Object.keys(withUrl).sort(), Object.keys(without).sort());
  assert.deepEqual(withUrl.Configuration, without.Configuration);
  assert.doesNotMatch(JSON.stringify(withUrl), /lambda-url|FunctionUrl/);
});

test('POST /_lambkin/reset empties URL configs', async () => {
  let client = server.client();
  await createEcho(client, 'reset-me');
  await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'reset-me', AuthType: 'NONE' }));
  const answer = await fetch(`${server.url}/_lambkin/reset`, { method: 'POST' });
  assert.equal(answer.status, 200);
  const summary = await answer.json() as { removed: Record<string, number> };
  assert.ok((summary.removed['function-url'] ?? 0) >= 1, JSON.stringify(summary));
  assert.deepEqual(storedUrls('reset-me'), []);
  client = server.client();
  await createEcho(client, 'reset-me');
  await rejectsWith(client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'reset-me' })), resourceDoesNotExist);
});

test('AWS CLI v2: create-function-url-config --auth-type NONE, get, update, list, delete', async () => {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
  const aws = async (...args: string[]) => (await run('/usr/bin/aws', ['lambda', ...args, '--endpoint-url', server.url, '--output', 'json'], { env })).stdout;
  await createEcho(server.client(), 'cli-url');
  const created = JSON.parse(await aws('create-function-url-config', '--function-name', 'cli-url', '--auth-type', 'NONE'));
  assert.deepEqual(Object.keys(created).sort(), ['AuthType', 'CreationTime', 'FunctionArn', 'FunctionUrl']);
  assert.equal(created.AuthType, 'NONE');
  assert.equal(created.FunctionArn, arnOf('cli-url'));
  assert.equal(Number(urlIdOf(created.FunctionUrl)![2]), server.port);
  const got = JSON.parse(await aws('get-function-url-config', '--function-name', 'cli-url'));
  assert.equal(got.FunctionUrl, created.FunctionUrl);
  // CLI v2.9's model predates InvokeMode, so it drops that member from what it prints.
  assert.equal(got.AuthType, 'NONE');
  const updated = JSON.parse(await aws('update-function-url-config', '--function-name', 'cli-url', '--cors', 'AllowOrigins=*,MaxAge=60'));
  assert.deepEqual(updated.Cors, { AllowOrigins: ['*'], MaxAge: 60 });
  const listed = JSON.parse(await aws('list-function-url-configs', '--function-name', 'cli-url'));
  assert.deepEqual(listed.FunctionUrlConfigs.map((c: { FunctionUrl: string }) => c.FunctionUrl), [created.FunctionUrl]);
  assert.equal(await aws('delete-function-url-config', '--function-name', 'cli-url'), '');
  await rejectsWith(server.client().send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'cli-url', AuthType: 'NONE' })), resourceDoesNotExist);
});
