// Deleting an alias or a published version takes its resource policy, event invoke config,
// provisioned concurrency config and runtime management setting with it: nothing lingers, and a new
// alias of the same name starts bare.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand, CreateAliasCommand, DeleteAliasCommand, DeleteFunctionCommand, GetFunctionCommand,
  GetFunctionEventInvokeConfigCommand, GetPolicyCommand, GetProvisionedConcurrencyConfigCommand,
  ListFunctionEventInvokeConfigsCommand, ListProvisionedConcurrencyConfigsCommand, PublishVersionCommand,
  PutFunctionEventInvokeConfigCommand, PutProvisionedConcurrencyConfigCommand, PutRuntimeManagementConfigCommand, waitUntilFunctionActiveV2,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startLambkin } from '../../support/server.js';
import { createEcho, rejectsWith, type ExpectedError } from '../functions/fixtures.js';

const server = await startLambkin();
const owner = server.client('111111111111');
const stranger = server.client('222222222222');
const ARN = (name: string, qualifier: string) => `arn:aws:lambda:us-east-1:111111111111:function:${name}:${qualifier}`;

const noPolicy: ExpectedError = { name: 'ResourceNotFoundException', status: 404, type: 'User', message: 'The resource you requested does not exist.' };
const noEventConfig = (name: string, qualifier: string): ExpectedError => ({
  name: 'ResourceNotFoundException', status: 404, type: 'User', message: `The function ${ARN(name, qualifier)} doesn't have an EventInvokeConfig`,
});
const noProvisioned: ExpectedError = {
  name: 'ProvisionedConcurrencyConfigNotFoundException', status: 404, type: 'User', message: 'No Provisioned Concurrency Config found for this function',
};
const denied = (resource: string): ExpectedError => ({
  name: 'AccessDeniedException', status: 403,
  message: `User: arn:aws:iam::222222222222:root is not authorized to perform: lambda:GetFunction on resource: ${resource} because no resource-based policy allows the lambda:GetFunction action`,
});

async function publishedFunction(client: LambdaClient, name: string): Promise<string> {
  await createEcho(client, name);
  await waitUntilFunctionActiveV2({ client, maxWaitTime: 10 }, { FunctionName: name });
  return (await client.send(new PublishVersionCommand({ FunctionName: name }))).Version!;
}

/** Gives a qualifier all three things that hang off it, and checks they are there. */
async function decorate(name: string, qualifier: string): Promise<void> {
  await owner.send(new AddPermissionCommand({
    FunctionName: name, Qualifier: qualifier, StatementId: 'stranger', Action: 'lambda:GetFunction', Principal: '222222222222',
  }));
  await owner.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: name, Qualifier: qualifier, MaximumRetryAttempts: 1 }));
  await owner.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: qualifier, ProvisionedConcurrentExecutions: 1 }));
  assert.equal((await stranger.send(new GetFunctionCommand({ FunctionName: ARN(name, qualifier) }))).Configuration!.FunctionName, name);
  assert.equal((await owner.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: name, Qualifier: qualifier }))).MaximumRetryAttempts, 1);
  assert.equal((await owner.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: qualifier }))).RequestedProvisionedConcurrentExecutions, 1);
}

/** Documents of any family still keyed by this qualifier of the function, read from the server's store. */
function storedFor(name: string, qualifier: string): unknown[] {
  const db = new Database(join(server.dataDir, 'lambkin.db'), { readonly: true });
  try {
    return db.prepare('SELECT kind, key FROM docs WHERE key = ?').all(`${name}:${qualifier}`);
  } finally {
    db.close();
  }
}

async function listedConfigs(name: string): Promise<{ eventInvoke: string[]; provisioned: string[] }> {
  const events = await owner.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: name }));
  const provisioned = await owner.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName: name }));
  return {
    eventInvoke: (events.FunctionEventInvokeConfigs ?? []).map((c) => c.FunctionArn!),
    provisioned: (provisioned.ProvisionedConcurrencyConfigs ?? []).map((c) => c.FunctionArn!),
  };
}

test('a deleted alias takes its policy and configs with it; a new alias of the same name inherits none of them', async () => {
  const version = await publishedFunction(owner, 'alias-cleanup');
  await owner.send(new CreateAliasCommand({ FunctionName: 'alias-cleanup', Name: 'live', FunctionVersion: version }));
  await decorate('alias-cleanup', 'live');

  await owner.send(new DeleteAliasCommand({ FunctionName: 'alias-cleanup', Name: 'live' }));
  assert.deepEqual(storedFor('alias-cleanup', 'live'), []);
  assert.deepEqual(await listedConfigs('alias-cleanup'), { eventInvoke: [], provisioned: [] });

  await owner.send(new CreateAliasCommand({ FunctionName: 'alias-cleanup', Name: 'live', FunctionVersion: version }));
  await rejectsWith(owner.send(new GetPolicyCommand({ FunctionName: 'alias-cleanup', Qualifier: 'live' })), noPolicy);
  await rejectsWith(stranger.send(new GetFunctionCommand({ FunctionName: ARN('alias-cleanup', 'live') })), denied(ARN('alias-cleanup', 'live')));
  await rejectsWith(owner.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'alias-cleanup', Qualifier: 'live' })),
    noEventConfig('alias-cleanup', 'live'));
  await rejectsWith(owner.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName: 'alias-cleanup', Qualifier: 'live' })), noProvisioned);
});

test('a deleted version takes its policy and configs with it; the other qualifiers keep theirs', async () => {
  const first = await publishedFunction(owner, 'version-cleanup');
  await owner.send(new CreateAliasCommand({ FunctionName: 'version-cleanup', Name: 'kept', FunctionVersion: '$LATEST' }));
  await decorate('version-cleanup', first);
  await owner.send(new AddPermissionCommand({
    FunctionName: 'version-cleanup', Qualifier: 'kept', StatementId: 'stranger', Action: 'lambda:GetFunction', Principal: '222222222222',
  }));
  await owner.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'version-cleanup', Qualifier: 'kept', MaximumRetryAttempts: 0 }));

  await owner.send(new PutRuntimeManagementConfigCommand({ FunctionName: 'version-cleanup', Qualifier: first, UpdateRuntimeOn: 'FunctionUpdate' }));
  assert.notDeepEqual(storedFor('version-cleanup', first), []);

  await owner.send(new DeleteFunctionCommand({ FunctionName: 'version-cleanup', Qualifier: first }));
  // Nothing any family kept for the version is left, its runtime management setting included.
  assert.deepEqual(storedFor('version-cleanup', first), []);
  assert.deepEqual(await listedConfigs('version-cleanup'), { eventInvoke: [ARN('version-cleanup', 'kept')], provisioned: [] });
  // With its policy gone the version is closed to the other account before Lambda even looks for it.
  await rejectsWith(stranger.send(new GetFunctionCommand({ FunctionName: ARN('version-cleanup', first) })), denied(ARN('version-cleanup', first)));
  assert.equal((await stranger.send(new GetFunctionCommand({ FunctionName: ARN('version-cleanup', 'kept') }))).Configuration!.Version, '$LATEST');
  assert.ok((await owner.send(new GetPolicyCommand({ FunctionName: 'version-cleanup', Qualifier: 'kept' }))).Policy);
});

test('deleting a whole function removes every qualifier\'s policy and configs at once', async () => {
  const version = await publishedFunction(owner, 'function-cleanup');
  await decorate('function-cleanup', version);
  await owner.send(new DeleteFunctionCommand({ FunctionName: 'function-cleanup' }));

  await publishedFunction(owner, 'function-cleanup');
  await rejectsWith(stranger.send(new GetFunctionCommand({ FunctionName: ARN('function-cleanup', version) })), denied(ARN('function-cleanup', version)));
  assert.deepEqual(await listedConfigs('function-cleanup'), { eventInvoke: [], provisioned: [] });
  await rejectsWith(owner.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'function-cleanup', Qualifier: version })),
    noEventConfig('function-cleanup', version));
});
