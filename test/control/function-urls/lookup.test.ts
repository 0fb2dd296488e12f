// findByUrlId, the URL gateway's lookup: configs written through the API are found by the id in their URL
// after a restart (a fresh store on the same data), in their own account and region only, and the index
// follows every later write through that store: an alias's or function's delete batch, a reset's deletes,
// a new config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CreateAliasCommand, CreateFunctionUrlConfigCommand, PublishVersionCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { createEcho } from '../../api/functions/fixtures.js';
import { SqliteMetadataStore } from '../../../src/store/sqlite.js';
import { findByUrlId } from '../../../src/control/function-urls/lookup.js';
import { FUNCTION_URL_KIND, type FunctionUrlDoc } from '../../../src/control/function-urls/records.js';
import { DEPENDANTS } from '../../../src/api/operations/index.js';

const server = await startLambkin();
const idOf = (url: string) => /^http:\/\/([a-z0-9]{32})\.lambda-url\./.exec(url)![1]!;

test('configs are found by url id in their account and region, and the index follows each write', async () => {
  const client = server.client();
  const other = server.client('222222222222');
  await createEcho(client, 'site');
  await waitUntilFunctionActiveV2({ client, maxWaitTime: 10 }, { FunctionName: 'site' });
  await client.send(new PublishVersionCommand({ FunctionName: 'site' }));
  await client.send(new CreateAliasCommand({ FunctionName: 'site', Name: 'live', FunctionVersion: '1' }));
  await createEcho(other, 'site');
  const own = idOf((await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'site', AuthType: 'NONE' }))).FunctionUrl!);
  const alias = idOf((await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'site', Qualifier: 'live', AuthType: 'AWS_IAM' }))).FunctionUrl!);
  const elsewhere = idOf((await other.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'site', AuthType: 'NONE', InvokeMode: 'RESPONSE_STREAM' }))).FunctionUrl!);
  await server.stop();

  const store = new SqliteMetadataStore(join(server.dataDir, 'lambkin.db'));
  try {
    const deps = { store };
    const home = { accountId: '000000000000', region: 'us-east-1' };
    const found = await findByUrlId(deps, 'us-east-1', own);
    assert.deepEqual(found?.scope, home);
    assert.equal(found?.doc.functionName, 'site');
    assert.equal(found?.doc.qualifier, undefined);
    assert.equal(found?.doc.authType, 'NONE');
    assert.equal(found?.doc.urlId, own);
    const aliased = await findByUrlId(deps, 'us-east-1', alias);
    assert.equal(aliased?.doc.qualifier, 'live');
    assert.equal(aliased?.doc.authType, 'AWS_IAM');
    const theirs = await findByUrlId(deps, 'us-east-1', elsewhere);
    assert.deepEqual(theirs?.scope, { accountId: '222222222222', region: 'us-east-1' });
    assert.equal(theirs?.doc.invokeMode, 'RESPONSE_STREAM');

    assert.equal(await findByUrlId(deps, 'eu-west-1', own), undefined, 'another region names another URL');
    assert.equal(await findByUrlId(deps, 'us-east-1', 'a'.repeat(32)), undefined);
    assert.equal(await findByUrlId(deps, 'us-east-1', own.toUpperCase()), undefined);
    assert.equal(await findByUrlId(deps, 'us-east-1', `${own}x`), undefined);

    // DeleteAlias's batch: the alias's URL goes, the function's stays.
    await store.commit(DEPENDANTS.ofAlias(home, 'site', 'live'));
    assert.equal(await findByUrlId(deps, 'us-east-1', alias), undefined);
    assert.equal((await findByUrlId(deps, 'us-east-1', own))?.doc.urlId, own);

    // A new config is found at once.
    const added: FunctionUrlDoc = {
      urlId: 'z'.repeat(32), functionName: 'site', qualifier: 'beta', authType: 'NONE', invokeMode: 'BUFFERED',
      creationTime: '2026-12-02T00:00:00.000000Z', lastModifiedTime: '2026-12-02T00:00:00.000000Z',
    };
    await store.commit([{ op: 'put', kind: FUNCTION_URL_KIND, scope: home, key: 'site:beta', parent: 'site', doc: added }]);
    assert.equal((await findByUrlId(deps, 'us-east-1', added.urlId))?.doc.qualifier, 'beta');

    // DeleteFunction's batch takes both; a reset's deletes take the other account's.
    await store.commit(DEPENDANTS.ofFunction(home, 'site'));
    assert.equal(await findByUrlId(deps, 'us-east-1', own), undefined);
    assert.equal(await findByUrlId(deps, 'us-east-1', added.urlId), undefined);
    assert.ok(await findByUrlId(deps, 'us-east-1', elsewhere));
    await store.commit([{ op: 'delete', kind: FUNCTION_URL_KIND, scope: { accountId: '222222222222', region: 'us-east-1' }, key: 'site' }]);
    assert.equal(await findByUrlId(deps, 'us-east-1', elsewhere), undefined);
  } finally {
    await store.close();
  }
});
