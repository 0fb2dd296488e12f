// A deleted function takes everything every family keeps for it in the delete's own batch: its versions,
// aliases, policies, event invoke configs, reserved and provisioned concurrency, recursion and runtime
// management settings. Killed right after the answer, the server's store holds none of them (whichever
// family they belong to), and a new function of the same name starts bare.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand, CreateAliasCommand, DeleteFunctionCommand, GetAccountSettingsCommand, GetFunctionCommand,
  GetFunctionConcurrencyCommand, GetFunctionEventInvokeConfigCommand, GetFunctionRecursionConfigCommand, GetPolicyCommand,
  GetRuntimeManagementConfigCommand, ListAliasesCommand, ListFunctionEventInvokeConfigsCommand,
  ListProvisionedConcurrencyConfigsCommand, ListVersionsByFunctionCommand, PublishVersionCommand, PutFunctionConcurrencyCommand,
  PutFunctionEventInvokeConfigCommand, PutFunctionRecursionConfigCommand, PutProvisionedConcurrencyConfigCommand,
  PutRuntimeManagementConfigCommand, waitUntilFunctionActiveV2, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startLambkin } from '../../support/server.js';
import { arnOf, createEcho, rejectsWith } from './fixtures.js';

const server = await startLambkin();
const NAME = 'everything';
const RUNTIME_VERSION = 'arn:aws:lambda:us-east-1::runtime:0000000000000000000000000000000000000000000000000000000000000000';

async function activeFunction(client: LambdaClient): Promise<string> {
  await createEcho(client, NAME);
  await waitUntilFunctionActiveV2({ client, maxWaitTime: 10 }, { FunctionName: NAME });
  return (await client.send(new PublishVersionCommand({ FunctionName: NAME }))).Version!;
}

test('deleting a function removes what every family keeps for it, in the same batch', async () => {
  let client = server.client();
  const version = await activeFunction(client);
  await client.send(new CreateAliasCommand({ FunctionName: NAME, Name: 'live', FunctionVersion: version }));
  for (const Qualifier of [undefined, version, 'live']) {
    await client.send(new AddPermissionCommand({
      FunctionName: NAME, ...(Qualifier ? { Qualifier } : {}), StatementId: 'other', Action: 'lambda:InvokeFunction', Principal: '222222222222',
    }));
    await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: NAME, ...(Qualifier ? { Qualifier } : {}), MaximumRetryAttempts: 0 }));
  }
  await client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: NAME, Qualifier: 'live', ProvisionedConcurrentExecutions: 2 }));
  await client.send(new PutFunctionConcurrencyCommand({ FunctionName: NAME, ReservedConcurrentExecutions: 10 }));
  await client.send(new PutFunctionRecursionConfigCommand({ FunctionName: NAME, RecursiveLoop: 'Allow' }));
  for (const Qualifier of [undefined, version]) {
    await client.send(new PutRuntimeManagementConfigCommand({
      FunctionName: NAME, ...(Qualifier ? { Qualifier } : {}), UpdateRuntimeOn: 'Manual', RuntimeVersionArn: RUNTIME_VERSION,
    }));
  }
  assert.equal((await client.send(new GetAccountSettingsCommand({}))).AccountLimit!.UnreservedConcurrentExecutions, 990);

  const deleted = await client.send(new DeleteFunctionCommand({ FunctionName: NAME }));
  assert.equal(deleted.$metadata.httpStatusCode, 204);
  // Nothing is left for a background task to finish: a crash right after the answer loses nothing.
  await server.stop('SIGKILL');
  // Whatever family a document belongs to, none is left keyed by or filed under the function.
  const db = new Database(join(server.dataDir, 'lambkin.db'));
  const left = db.prepare('SELECT kind, key FROM docs WHERE key = ? OR key LIKE ? OR parent = ?').all(NAME, `${NAME}:%`, NAME);
  db.close();
  assert.deepEqual(left, []);
  await server.restart();
  client = server.client();

  assert.equal((await client.send(new GetAccountSettingsCommand({}))).AccountLimit!.UnreservedConcurrentExecutions, 1000);
  await rejectsWith(client.send(new GetFunctionCommand({ FunctionName: NAME })), {
    name: 'ResourceNotFoundException', status: 404, type: 'User', message: `Function not found: ${arnOf(NAME)}`,
  });

  const again = await activeFunction(client);
  assert.equal(again, '1', 'version numbers start again for a new function');
  assert.deepEqual((await client.send(new ListVersionsByFunctionCommand({ FunctionName: NAME }))).Versions!.map((v) => v.Version), ['$LATEST', '1']);
  assert.deepEqual((await client.send(new ListAliasesCommand({ FunctionName: NAME }))).Aliases, []);
  for (const Qualifier of [undefined, '1']) {
    await rejectsWith(client.send(new GetPolicyCommand({ FunctionName: NAME, ...(Qualifier ? { Qualifier } : {}) })), {
      name: 'ResourceNotFoundException', status: 404, type: 'User', message: 'The resource you requested does not exist.',
    });
  }
  await rejectsWith(client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: NAME })), {
    name: 'ResourceNotFoundException', status: 404, type: 'User', message: `The function ${arnOf(NAME, '000000000000', '$LATEST')} doesn't have an EventInvokeConfig`,
  });
  assert.deepEqual((await client.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: NAME }))).FunctionEventInvokeConfigs, []);
  assert.deepEqual((await client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: NAME }))).ProvisionedConcurrencyConfigs, []);
  assert.equal((await client.send(new GetFunctionConcurrencyCommand({ FunctionName: NAME }))).ReservedConcurrentExecutions, undefined);
  assert.equal((await client.send(new GetFunctionRecursionConfigCommand({ FunctionName: NAME }))).RecursiveLoop, 'Terminate');
  for (const Qualifier of [undefined, '1']) {
    const config = await client.send(new GetRuntimeManagementConfigCommand({ FunctionName: NAME, ...(Qualifier ? { Qualifier } : {}) }));
    assert.equal(config.UpdateRuntimeOn, 'Auto');
    assert.equal(config.RuntimeVersionArn, undefined);
  }
});
