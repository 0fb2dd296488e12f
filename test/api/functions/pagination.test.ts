import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ListFunctionsCommand, paginateListFunctions } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { arnOf, createEcho, invalidParameter, rejectsWith, validation } from './fixtures.js';

const server = await startLambkin();
const client = server.client();
const names = ['fn-c', 'fn-a', 'fn-e', 'fn-b', 'fn-d'];
for (const name of names) await createEcho(client, name, { Environment: { Variables: {} } });

describe('ListFunctions', () => {
  it('pages with MaxItems and Marker, in name order, until no NextMarker', async () => {
    const first = await client.send(new ListFunctionsCommand({ MaxItems: 2 }));
    assert.deepEqual(first.Functions!.map((f) => f.FunctionName), ['fn-a', 'fn-b']);
    assert.ok(first.NextMarker);
    const second = await client.send(new ListFunctionsCommand({ MaxItems: 2, Marker: first.NextMarker }));
    assert.deepEqual(second.Functions!.map((f) => f.FunctionName), ['fn-c', 'fn-d']);
    const third = await client.send(new ListFunctionsCommand({ MaxItems: 2, Marker: second.NextMarker }));
    assert.deepEqual(third.Functions!.map((f) => f.FunctionName), ['fn-e']);
    assert.equal(third.NextMarker, undefined);
    const all: string[] = [];
    for await (const page of paginateListFunctions({ client, pageSize: 1 }, {})) all.push(...page.Functions!.map((f) => f.FunctionName!));
    assert.deepEqual(all, [...names].sort());
  });

  it('lists entries without state fields, as AWS does, and $LATEST ARNs with FunctionVersion=ALL', async () => {
    const listed = (await client.send(new ListFunctionsCommand({ MaxItems: 1 }))).Functions![0]!;
    assert.deepEqual(Object.keys(listed).sort(), [
      'Architectures', 'CodeSha256', 'CodeSize', 'Description', 'Environment', 'EphemeralStorage', 'FunctionArn', 'FunctionName',
      'Handler', 'LastModified', 'LoggingConfig', 'MemorySize', 'PackageType', 'RevisionId', 'Role', 'Runtime', 'SnapStart',
      'Timeout', 'TracingConfig', 'Version',
    ]);
    assert.equal(listed.FunctionArn, arnOf('fn-a'));
    const all = await client.send(new ListFunctionsCommand({ FunctionVersion: 'ALL', MaxItems: 1 }));
    assert.equal(all.Functions![0]!.FunctionArn, arnOf('fn-a', undefined, '$LATEST'));
    assert.equal(all.Functions![0]!.Version, '$LATEST');
  });

  it('refuses a bad FunctionVersion, MaxItems or Marker', async () => {
    await rejectsWith(client.send(new ListFunctionsCommand({ FunctionVersion: 'invalid' as 'ALL' })), validation(
      "Value 'invalid' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]"));
    await rejectsWith(client.send(new ListFunctionsCommand({ MaxItems: 0 })), validation(
      "Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"));
    await rejectsWith(client.send(new ListFunctionsCommand({ Marker: 'not-a-marker!' })), invalidParameter('Invalid marker value.'));
  });
});
