/** Aliases as AWS answers them (recorded: TestLambdaAlias::*, TestLambdaRevisions::test_function_revisions_version_and_alias). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateAliasCommand, DeleteAliasCommand, GetAliasCommand, GetFunctionCommand, GetFunctionConfigurationCommand,
  ListAliasesCommand, PublishVersionCommand, UpdateAliasCommand, type CreateAliasCommandInput,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { arnOf, createEcho, notFound, rejectsWith } from '../functions/fixtures.js';
import { redescribeLatest, settled } from '../versions/helpers.js';

const server = await startLambkin();
const client = server.client();

/** A function with version 1 (testenv=staging) and version 2 (testenv=prod). */
async function twoVersions(name: string): Promise<void> {
  await createEcho(client, name, { Environment: { Variables: { testenv: 'staging' } } });
  await settled(client, name);
  assert.equal((await client.send(new PublishVersionCommand({ FunctionName: name }))).Version, '1');
  await redescribeLatest(client, name, 'prod');
  assert.equal((await client.send(new PublishVersionCommand({ FunctionName: name }))).Version, '2');
}

const create = (input: Partial<CreateAliasCommandInput> & { FunctionName: string }) =>
  client.send(new CreateAliasCommand({ Name: 'custom', FunctionVersion: '1', ...input }));
/** An answer without the SDK's response metadata. */
function shown<T extends object>(out: T): Omit<T, '$metadata'> {
  const { $metadata: _, ...rest } = out as T & { $metadata?: unknown };
  return rest;
}

describe('alias lifecycle', () => {
  it('creates, reads, lists, updates and deletes aliases', async () => {
    await twoVersions('life');
    const a11 = await create({
      FunctionName: 'life', Name: 'aliasname1_1', Description: 'custom-alias', RoutingConfig: { AdditionalVersionWeights: { 2: 0.2 } },
    });
    assert.equal(a11.$metadata.httpStatusCode, 201);
    assert.deepEqual(shown(a11), {
      AliasArn: arnOf('life', undefined, 'aliasname1_1'), Description: 'custom-alias', FunctionVersion: '1', Name: 'aliasname1_1',
      RevisionId: a11.RevisionId, RoutingConfig: { AdditionalVersionWeights: { 2: 0.2 } },
    });
    assert.match(a11.RevisionId!, /^[0-9a-f-]{36}$/);
    assert.deepEqual(shown(await client.send(new GetAliasCommand({ FunctionName: 'life', Name: 'aliasname1_1' }))), shown(a11));

    const a12 = await create({ FunctionName: 'life', Name: 'aliasname1_2', Description: 'custom-alias' });
    assert.deepEqual(shown(a12), {
      AliasArn: arnOf('life', undefined, 'aliasname1_2'), Description: 'custom-alias', FunctionVersion: '1', Name: 'aliasname1_2', RevisionId: a12.RevisionId,
    });
    const a13 = await create({ FunctionName: 'life', Name: 'aliasname1_3' });
    assert.equal(a13.Description, '');
    await create({ FunctionName: arnOf('life'), Name: 'aliasname2', FunctionVersion: '2', Description: 'custom-alias' });

    const names = async (input: { FunctionVersion?: string } = {}) =>
      (await client.send(new ListAliasesCommand({ FunctionName: 'life', ...input }))).Aliases!.map((a) => a.Name);
    assert.deepEqual(await names(), ['aliasname1_1', 'aliasname1_2', 'aliasname1_3', 'aliasname2']);
    assert.deepEqual(await names({ FunctionVersion: '1' }), ['aliasname1_1', 'aliasname1_2', 'aliasname1_3']);
    assert.deepEqual(await names({ FunctionVersion: '2' }), ['aliasname2']);

    // An empty weight map removes the routing configuration; every update takes a new RevisionId.
    const u11 = await client.send(new UpdateAliasCommand({ FunctionName: 'life', Name: 'aliasname1_1', RoutingConfig: { AdditionalVersionWeights: {} } }));
    assert.equal(u11.$metadata.httpStatusCode, 200);
    const { RoutingConfig: _routing, ...withoutRouting } = shown(a11);
    assert.deepEqual(shown(u11), { ...withoutRouting, RevisionId: u11.RevisionId });
    assert.notEqual(u11.RevisionId, a11.RevisionId);
    const u12 = await client.send(new UpdateAliasCommand({ FunctionName: 'life', Name: 'aliasname1_2' }));
    assert.deepEqual(shown(u12), { ...shown(a12), RevisionId: u12.RevisionId });
    assert.notEqual(u12.RevisionId, a12.RevisionId);
    const moved = await client.send(new UpdateAliasCommand({ FunctionName: 'life', Name: 'aliasname1_3', FunctionVersion: '2', Description: 'moved' }));
    assert.deepEqual([moved.FunctionVersion, moved.Description], ['2', 'moved']);
    assert.deepEqual(await names({ FunctionVersion: '2' }), ['aliasname1_3', 'aliasname2']);

    const deleted = await client.send(new DeleteAliasCommand({ FunctionName: 'life', Name: 'aliasname1_1' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.deepEqual(await names(), ['aliasname1_2', 'aliasname1_3', 'aliasname2']);
    // Deleting an alias that does not exist succeeds, as on AWS.
    const again = await client.send(new DeleteAliasCommand({ FunctionName: 'life', Name: 'aliasname1_1' }));
    assert.equal(again.$metadata.httpStatusCode, 204);
  });

  it('pages ListAliases with MaxItems and Marker, also under a version filter', async () => {
    await twoVersions('paged');
    for (const [Name, FunctionVersion] of [['a', '1'], ['b', '2'], ['c', '1'], ['d', '1'], ['e', '2']] as const) {
      await create({ FunctionName: 'paged', Name, FunctionVersion });
    }
    const pages = async (MaxItems: number, FunctionVersion?: string) => {
      const out: string[][] = [];
      let Marker: string | undefined;
      do {
        const page = await client.send(new ListAliasesCommand({ FunctionName: 'paged', MaxItems, ...(Marker ? { Marker } : {}), ...(FunctionVersion ? { FunctionVersion } : {}) }));
        out.push(page.Aliases!.map((a) => a.Name!));
        Marker = page.NextMarker;
      } while (Marker);
      return out;
    };
    assert.deepEqual(await pages(2), [['a', 'b'], ['c', 'd'], ['e']]);
    assert.deepEqual(await pages(1), [['a'], ['b'], ['c'], ['d'], ['e']]);
    assert.deepEqual(await pages(2, '1'), [['a', 'c'], ['d']]);
    assert.deepEqual(await pages(5), [['a', 'b', 'c', 'd', 'e']]);
  });

  it('resolves alias names and alias ARNs as qualifiers, showing the primary version under the alias ARN', async () => {
    await twoVersions('reads');
    const alias = await create({ FunctionName: 'reads', Name: 'live', RoutingConfig: { AdditionalVersionWeights: { 2: 0.5 } } });
    const v1 = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'reads', Qualifier: '1' }));
    for (const input of [{ FunctionName: 'reads', Qualifier: 'live' }, { FunctionName: alias.AliasArn! }, { FunctionName: 'reads:live' }]) {
      const got = await client.send(new GetFunctionCommand(input));
      assert.deepEqual(shown(got.Configuration!), { ...shown(v1), FunctionArn: arnOf('reads', undefined, 'live') });
      assert.equal(got.Configuration!.Environment!.Variables!.testenv, 'staging');
    }
    await rejectsWith(client.send(new GetFunctionCommand({ FunctionName: 'reads', Qualifier: 'aliasdoesnotexist' })), notFound('reads', 'aliasdoesnotexist'));
    await rejectsWith(client.send(new GetFunctionCommand({ FunctionName: alias.AliasArn!.replace('live', 'aliasdoesnotexist') })), notFound('reads', 'aliasdoesnotexist'));
    const latest = await create({ FunctionName: 'reads', Name: 'custom-latest', FunctionVersion: '$LATEST' });
    assert.equal(latest.FunctionVersion, '$LATEST');
    const viaLatest = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'reads', Qualifier: 'custom-latest' }));
    assert.deepEqual([viaLatest.Version, viaLatest.FunctionArn, viaLatest.Description], ['$LATEST', arnOf('reads', undefined, 'custom-latest'), 'prod']);
  });

  it('keeps RevisionIds apart: creating an alias changes no function revision; UpdateAlias checks its own', async () => {
    await twoVersions('revisions');
    const latestBefore = (await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'revisions' }))).RevisionId;
    const v1Before = (await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'revisions', Qualifier: '1' }))).RevisionId;
    const alias = await create({ FunctionName: 'revisions', Name: 'revision_alias' });
    assert.equal((await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'revisions' }))).RevisionId, latestBefore);
    assert.equal((await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'revisions', Qualifier: '1' }))).RevisionId, v1Before);
    await rejectsWith(client.send(new UpdateAliasCommand({ FunctionName: 'revisions', Name: 'revision_alias', RevisionId: 'wrong' })), {
      name: 'PreconditionFailedException', status: 412, type: 'User',
      message: 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    });
    const updated = await client.send(new UpdateAliasCommand({
      FunctionName: 'revisions', Name: 'revision_alias', Description: 'something changed', RevisionId: alias.RevisionId!,
    }));
    assert.equal(updated.Description, 'something changed');
    assert.notEqual(updated.RevisionId, alias.RevisionId);
  });
});
