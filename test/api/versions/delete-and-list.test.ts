/** Deleting versions, listing them (ListVersionsByFunction, ListFunctions FunctionVersion=ALL) and qualifiers in names. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateAliasCommand, DeleteFunctionCommand, GetFunctionCommand, GetFunctionConfigurationCommand, ListAliasesCommand,
  ListFunctionsCommand, ListVersionsByFunctionCommand, PublishVersionCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { arnOf, createEcho, invalidParameter, notFound, rejectsWith } from '../functions/fixtures.js';
import { redescribeLatest, settled } from './helpers.js';

const server = await startLambkin();
const client = server.client();

const publish = (FunctionName: string) => client.send(new PublishVersionCommand({ FunctionName }));
const versions = async (FunctionName: string) =>
  (await client.send(new ListVersionsByFunctionCommand({ FunctionName }))).Versions!.map((v) => v.Version);
const remove = (FunctionName: string, Qualifier?: string) =>
  client.send(new DeleteFunctionCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}) }));

/** A function with versions 1..n, each with its own description. */
async function withVersions(name: string, n: number): Promise<void> {
  await createEcho(client, name);
  await settled(client, name);
  for (let i = 1; i <= n; i++) {
    await redescribeLatest(client, name, `v${i}`);
    assert.equal((await publish(name)).Version, String(i));
  }
}

describe('deleting versions', () => {
  it('deletes one version; numbers are never reused; missing versions delete silently', async () => {
    await withVersions('numbers', 2);
    const deleted = await remove('numbers', '2');
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.deepEqual(await versions('numbers'), ['$LATEST', '1']);
    await rejectsWith(client.send(new GetFunctionCommand({ FunctionName: 'numbers', Qualifier: '2' })), notFound('numbers', '2'));
    // $LATEST is unchanged since version 2 was published, but 2 is gone: a new number, not 2 again.
    assert.equal((await publish('numbers')).Version, '3');
    await remove('numbers', '1233');
    await remove('numbers', '1233');
    await remove('numbers:1');
    assert.deepEqual(await versions('numbers'), ['$LATEST', '3']);
  });

  it('refuses $LATEST and alias names, and a version an alias uses', async () => {
    await withVersions('guarded', 2);
    await rejectsWith(remove('guarded', '$LATEST'), invalidParameter('$LATEST version cannot be deleted without deleting the function.'));
    await rejectsWith(remove('guarded', 'live'), invalidParameter('Deletion of aliases is not currently supported.'));
    await client.send(new CreateAliasCommand({ FunctionName: 'guarded', Name: 'live', FunctionVersion: '1' }));
    await client.send(new CreateAliasCommand({ FunctionName: 'guarded', Name: 'stable', FunctionVersion: '1' }));
    await client.send(new CreateAliasCommand({
      FunctionName: 'guarded', Name: 'canary', FunctionVersion: '2', RoutingConfig: { AdditionalVersionWeights: { 1: 0.1 } },
    }));
    const conflict = (names: string) => ({
      name: 'ResourceConflictException', status: 409, type: 'User' as const,
      message: `Unable to delete version because the following aliases reference it: [${names}]`,
    });
    await rejectsWith(remove('guarded', '1'), conflict('canary, live, stable'));
    await rejectsWith(remove('guarded', '2'), conflict('canary'));
    assert.deepEqual(await versions('guarded'), ['$LATEST', '1', '2']);
  });

  it('deletes every version and alias with the function; a new function of that name starts again at 1', async () => {
    await withVersions('whole', 2);
    await client.send(new CreateAliasCommand({ FunctionName: 'whole', Name: 'live', FunctionVersion: '2' }));
    await remove('whole');
    await rejectsWith(remove('whole'), notFound('whole'));
    // AWS names the function without the qualifier once the function is gone.
    await rejectsWith(remove('whole', '1233'), notFound('whole'));
    await rejectsWith(client.send(new ListVersionsByFunctionCommand({ FunctionName: 'whole' })), notFound('whole'));
    await createEcho(client, 'whole');
    await settled(client, 'whole');
    assert.deepEqual(await versions('whole'), ['$LATEST']);
    assert.deepEqual((await client.send(new ListAliasesCommand({ FunctionName: 'whole' }))).Aliases, []);
    await rejectsWith(client.send(new GetFunctionCommand({ FunctionName: 'whole', Qualifier: 'live' })), notFound('whole', 'live'));
    assert.equal((await publish('whole')).Version, '1');
  });
});

describe('listing versions', () => {
  it('pages ListVersionsByFunction with Marker and MaxItems, $LATEST first', async () => {
    await withVersions('paged', 4);
    const pages: string[][] = [];
    let Marker: string | undefined;
    do {
      const page = await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'paged', MaxItems: 2, ...(Marker ? { Marker } : {}) }));
      pages.push(page.Versions!.map((v) => v.Version!));
      Marker = page.NextMarker;
    } while (Marker);
    assert.deepEqual(pages, [['$LATEST', '1'], ['2', '3'], ['4']]);
    const one = await client.send(new ListVersionsByFunctionCommand({ FunctionName: arnOf('paged'), MaxItems: 1 }));
    assert.deepEqual(one.Versions!.map((v) => v.FunctionArn), [arnOf('paged', undefined, '$LATEST')]);
  });

  it('lists every version with ListFunctions FunctionVersion=ALL, only $LATEST by default', async () => {
    const fresh = await startLambkin();
    const c = fresh.client();
    await createEcho(c, 'fn-a', { Publish: true });
    await createEcho(c, 'fn-b');
    await settled(c, 'fn-a');
    const all = await c.send(new ListFunctionsCommand({ FunctionVersion: 'ALL' }));
    assert.deepEqual(all.Functions!.map((f) => [f.FunctionArn, f.Version]), [
      [arnOf('fn-a', undefined, '$LATEST'), '$LATEST'], [arnOf('fn-a', undefined, '1'), '1'], [arnOf('fn-b', undefined, '$LATEST'), '$LATEST'],
    ]);
    assert.equal(all.Functions![1]!.State, undefined);
    const plain = await c.send(new ListFunctionsCommand({}));
    assert.deepEqual(plain.Functions!.map((f) => [f.FunctionArn, f.Version]), [[arnOf('fn-a'), '$LATEST'], [arnOf('fn-b'), '$LATEST']]);
  });
});

describe('qualifiers', () => {
  it('names a version in the Qualifier parameter, in the name, or in a full or partial ARN', async () => {
    await withVersions('named', 1);
    const forms: [string, string | undefined][] = [
      ['named', '1'], ['named:1', undefined], [arnOf('named', undefined, '1'), undefined],
      ['000000000000:function:named:1', undefined], [arnOf('named', undefined, '1'), '1'],
    ];
    for (const [FunctionName, Qualifier] of forms) {
      const c = await client.send(new GetFunctionConfigurationCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}) }));
      assert.equal(c.Version, '1');
      assert.equal(c.FunctionArn, arnOf('named', undefined, '1'));
      assert.equal(c.Description, 'v1');
    }
    await rejectsWith(client.send(new GetFunctionConfigurationCommand({ FunctionName: 'named:1', Qualifier: '2' })),
      invalidParameter('The derived qualifier from the function name does not match the specified qualifier.'));
    for (const q of ['1221', '01', 'nosuchalias']) {
      await rejectsWith(client.send(new GetFunctionCommand({ FunctionName: 'named', Qualifier: q })), notFound('named', q));
      await rejectsWith(client.send(new GetFunctionConfigurationCommand({ FunctionName: `named:${q}` })), notFound('named', q));
    }
  });
});
