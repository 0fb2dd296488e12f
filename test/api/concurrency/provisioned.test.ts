/** Provisioned concurrency configs: AWS's answers (recorded: TestLambdaProvisionedConcurrency::*). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateAliasCommand, DeleteAliasCommand, DeleteFunctionCommand, DeleteFunctionConcurrencyCommand,
  DeleteProvisionedConcurrencyConfigCommand, GetAccountSettingsCommand, GetProvisionedConcurrencyConfigCommand,
  ListProvisionedConcurrencyConfigsCommand, PublishVersionCommand, PutFunctionConcurrencyCommand,
  PutProvisionedConcurrencyConfigCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { until } from '../../support/timing.js';
import { arnOf, createEcho, invalidParameter, notFound, rejectsWith, validation, type ExpectedError } from '../functions/fixtures.js';
import { redescribeLatest, settled } from '../versions/helpers.js';

const server = await startLambkin();
const client = server.client();

const put = (FunctionName: string, Qualifier: string, ProvisionedConcurrentExecutions = 1) =>
  client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName, Qualifier, ProvisionedConcurrentExecutions }));
const get = (FunctionName: string, Qualifier: string) => client.send(new GetProvisionedConcurrencyConfigCommand({ FunctionName, Qualifier }));
const del = (FunctionName: string, Qualifier: string) => client.send(new DeleteProvisionedConcurrencyConfigCommand({ FunctionName, Qualifier }));
const list = (FunctionName: string, extra: { Marker?: string; MaxItems?: number } = {}) =>
  client.send(new ListProvisionedConcurrencyConfigsCommand({ FunctionName, ...extra }));
const unreserved = async () => (await client.send(new GetAccountSettingsCommand({}))).AccountLimit?.UnreservedConcurrentExecutions;

const aliasMissing = (name: string, alias: string): ExpectedError => ({
  name: 'ResourceNotFoundException', status: 404, type: 'User', message: `Cannot find alias arn: ${arnOf(name, undefined, alias)}`,
});
const noConfig: ExpectedError = {
  name: 'ProvisionedConcurrencyConfigNotFoundException', status: 404, type: 'User', message: 'No Provisioned Concurrency Config found for this function',
};
const conflict = (message: string): ExpectedError => ({ name: 'ResourceConflictException', status: 409, type: 'User', message });
const LAST_MODIFIED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/;

async function publish(name: string): Promise<string> {
  await settled(client, name);
  return (await client.send(new PublishVersionCommand({ FunctionName: name }))).Version!;
}

await createEcho(client, 'fn');
assert.equal(await publish('fn'), '1');

describe('provisioned concurrency', () => {
  it('refuses $LATEST, missing functions, versions and aliases as AWS does', async () => {
    await rejectsWith(get('fn', '1'), noConfig);
    await rejectsWith(get('doesnotexist', 'noalias'), aliasMissing('doesnotexist', 'noalias'));
    await rejectsWith(get('fn', 'noalias'), aliasMissing('fn', 'noalias'));
    await rejectsWith(get('fn', '10'), notFound('fn', '10'));
    await rejectsWith(get('fn', '$LATEST'), invalidParameter('The function resource provided must be an alias or a published version.'));
    const empty = await list('fn');
    assert.equal(empty.$metadata.httpStatusCode, 200);
    assert.deepEqual(empty.ProvisionedConcurrencyConfigs, []);
    await rejectsWith(list('doesnotexist'), notFound('doesnotexist'));
    await rejectsWith(del('doesnotexist', '1'), notFound('doesnotexist', '1'));
    await rejectsWith(del('fn', 'noalias'), aliasMissing('fn', 'noalias'));
    await rejectsWith(del('fn', '10'), notFound('fn', '10'));
    await rejectsWith(del('fn', '$LATEST'), invalidParameter('The function resource provided must be an alias or a published version.'));
    assert.equal((await del('fn', '1')).$metadata.httpStatusCode, 204);
    await rejectsWith(put('fn', '1', 0), validation("Value '0' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1"));
    await rejectsWith(put('doesnotexist', 'noalias'), aliasMissing('doesnotexist', 'noalias'));
    await rejectsWith(put('doesnotexist', '1'), notFound('doesnotexist', '1'));
    await rejectsWith(put('fn', 'doesnotexist'), aliasMissing('fn', 'doesnotexist'));
    await rejectsWith(put('fn', '10'), notFound('fn', '10'));
    await rejectsWith(put('fn', '$LATEST'), invalidParameter('Provisioned Concurrency Configs cannot be applied to unpublished function versions.'));
  });

  it('keeps one of a version and the alias pointing at it, and goes with the alias', async () => {
    await client.send(new CreateAliasCommand({ FunctionName: 'fn', Name: 'live', FunctionVersion: '1' }));
    const onVersion = await put('fn', '1');
    assert.equal(onVersion.$metadata.httpStatusCode, 202);
    assert.equal(onVersion.Status, 'IN_PROGRESS');
    assert.equal(onVersion.RequestedProvisionedConcurrentExecutions, 1);
    assert.equal(onVersion.AvailableProvisionedConcurrentExecutions, 0);
    assert.equal(onVersion.AllocatedProvisionedConcurrentExecutions, 0);
    assert.match(onVersion.LastModified!, LAST_MODIFIED);
    await rejectsWith(put('fn', 'live'), conflict("Alias can't be used for Provisioned Concurrency configuration on an already Provisioned version"));
    assert.equal((await del('fn', '1')).$metadata.httpStatusCode, 204);
    await rejectsWith(get('fn', '1'), noConfig);

    assert.equal((await put('fn', 'live')).Status, 'IN_PROGRESS');
    await rejectsWith(put('fn', '1'), conflict('Version is pointed by a Provisioned Concurrency alias'));
    // READY once the environment is up (provisioned-environments.test.ts follows the way there).
    await until('the alias config is READY', async () => (await get('fn', 'live')).Status === 'READY');
    const ready = await get('fn', 'live');
    assert.deepEqual(
      { ...ready, $metadata: undefined, LastModified: undefined },
      {
        $metadata: undefined, LastModified: undefined, Status: 'READY', RequestedProvisionedConcurrentExecutions: 1,
        AvailableProvisionedConcurrentExecutions: 1, AllocatedProvisionedConcurrentExecutions: 1,
      });
    assert.equal(await unreserved(), 999);

    await client.send(new DeleteAliasCommand({ FunctionName: 'fn', Name: 'live' }));
    await rejectsWith(get('fn', 'live'), aliasMissing('fn', 'live'));
    assert.deepEqual((await list('fn')).ProvisionedConcurrencyConfigs, []);
    assert.equal(await unreserved(), 1000);
  });

  it('lists every config, a page at a time', async () => {
    await createEcho(client, 'many');
    await publish('many');
    await redescribeLatest(client, 'many', 'second');
    await publish('many');
    await client.send(new CreateAliasCommand({ FunctionName: 'many', Name: 'blue', FunctionVersion: '2' }));
    await put('many', '1', 3);
    await put('many', 'blue', 5);
    const allReady = async () => (await list('many')).ProvisionedConcurrencyConfigs?.every((c) => c.Status === 'READY') ?? false;
    await until('both configs are READY', allReady);
    const all = await list('many');
    assert.deepEqual(all.ProvisionedConcurrencyConfigs?.map((c) => [c.FunctionArn, c.RequestedProvisionedConcurrentExecutions, c.AllocatedProvisionedConcurrentExecutions, c.Status]), [
      [arnOf('many', undefined, '1'), 3, 3, 'READY'],
      [arnOf('many', undefined, 'blue'), 5, 5, 'READY'],
    ]);
    assert.equal(all.NextMarker, undefined);
    const first = await list(arnOf('many'), { MaxItems: 1 });
    assert.deepEqual(first.ProvisionedConcurrencyConfigs?.map((c) => c.FunctionArn), [arnOf('many', undefined, '1')]);
    const second = await list('many', { MaxItems: 1, Marker: first.NextMarker! });
    assert.deepEqual(second.ProvisionedConcurrencyConfigs?.map((c) => c.FunctionArn), [arnOf('many', undefined, 'blue')]);
    assert.equal(second.NextMarker, undefined);
    // Replacing a config changes its count, not the number of configs.
    await put('many', '1', 4);
    assert.equal((await get('many', '1')).RequestedProvisionedConcurrentExecutions, 4);
    assert.equal(await unreserved(), 991);
  });

  it('fits in the reserved concurrency, or in the unreserved pool', async () => {
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'many', ReservedConcurrentExecutions: 10 }));
    // Inside a reservation, provisioned concurrency takes nothing more from the pool.
    assert.equal(await unreserved(), 990);
    await rejectsWith(put('many', 'blue', 7), invalidParameter('Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function'));
    assert.equal((await put('many', 'blue', 6)).RequestedProvisionedConcurrentExecutions, 6);
    await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'many' }));
    assert.equal(await unreserved(), 990);

    const poolError = (message: string): ExpectedError => ({ name: 'InvalidParameterValueException', status: 400, message });
    await rejectsWith(put('fn', '1', 1001), poolError("Specified ConcurrentExecutions for function is greater than account's unreserved concurrency [990]."));
    await rejectsWith(put('fn', '1', 891), poolError("Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100]."));
    assert.equal((await put('fn', '1', 890)).RequestedProvisionedConcurrentExecutions, 890);
    assert.equal(await unreserved(), 100);
    await del('fn', '1');
  });

  it('goes with its version and its function', async () => {
    await client.send(new DeleteFunctionCommand({ FunctionName: 'many', Qualifier: '1' }));
    assert.deepEqual((await list('many')).ProvisionedConcurrencyConfigs?.map((c) => c.FunctionArn), [arnOf('many', undefined, 'blue')]);
    await client.send(new DeleteFunctionCommand({ FunctionName: 'many' }));
    await until('the deleted function gives its concurrency back', async () => (await unreserved()) === 1000);
  });
});
