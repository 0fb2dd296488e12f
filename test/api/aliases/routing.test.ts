/**
 * Weighted alias routing: through Invoke (which version ran, and its code), and on `resolveInvokeTarget`
 * itself over the store a real server wrote, where many more draws are cheap.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  CreateAliasCommand, CreateFunctionCommand, InvokeCommand, UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { makeZip } from '../../support/zip.js';
import { ROLE, rejectsWith, notFound } from '../functions/fixtures.js';
import { settled } from '../versions/helpers.js';
import { SqliteMetadataStore } from '../../../src/store/sqlite.js';
import { loadFunction } from '../../../src/control/functions/service.js';
import { resolveInvokeTarget } from '../../../src/control/aliases/resolve.js';
import type { App } from '../../../src/app.js';

const server = await startLambkin();
const client = server.client();
const scope = { accountId: '000000000000', region: 'us-east-1' };

const answering = (answer: string) => makeZip({ 'index.js': `exports.handler = async () => ${JSON.stringify(answer)};\n` });

/** Version 1 answers "one", version 2 answers "two", $LATEST answers "latest". */
await client.send(new CreateFunctionCommand({
  FunctionName: 'routed', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: await answering('one') }, Publish: true,
}));
await settled(client, 'routed');
await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'routed', ZipFile: await answering('two'), Publish: true }));
await settled(client, 'routed');
await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'routed', ZipFile: await answering('latest') }));
await settled(client, 'routed');
await client.send(new CreateAliasCommand({ FunctionName: 'routed', Name: 'stable', FunctionVersion: '1' }));
await client.send(new CreateAliasCommand({
  FunctionName: 'routed', Name: 'canary', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { 2: 0.1 } },
}));
await client.send(new CreateAliasCommand({
  FunctionName: 'routed', Name: 'all-in', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { 2: 1 } },
}));
await client.send(new CreateAliasCommand({
  FunctionName: 'routed', Name: 'none', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { 2: 0 } },
}));

async function call(FunctionName: string, Qualifier?: string): Promise<[string | undefined, string]> {
  const out = await client.send(new InvokeCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}), Payload: Buffer.from('{}') }));
  return [out.ExecutedVersion, JSON.parse(Buffer.from(out.Payload!).toString('utf8'))];
}

describe('invoking versions and aliases', () => {
  it('runs the code of the version named, and reports it as ExecutedVersion', async () => {
    assert.deepEqual(await call('routed'), ['$LATEST', 'latest']);
    assert.deepEqual(await call('routed', '$LATEST'), ['$LATEST', 'latest']);
    assert.deepEqual(await call('routed', '1'), ['1', 'one']);
    assert.deepEqual(await call('routed:2'), ['2', 'two']);
    assert.deepEqual(await call('routed', 'stable'), ['1', 'one']);
    await rejectsWith(call('routed', '9'), notFound('routed', '9'));
    await rejectsWith(call('routed', 'nosuchalias'), notFound('routed', 'nosuchalias'));
  });
});

describe('weighted routing through Invoke', () => {
  it('runs the additional version for about its weight of the invocations, each with its own code', async () => {
    // 400 invokes at p = 0.1: mean 40, standard deviation 6; the bounds are beyond 4 deviations.
    const counts: Record<string, number> = {};
    for (let i = 0; i < 400; i++) {
      const [executed, answer] = await call('routed', 'canary');
      assert.equal(answer, executed === '2' ? 'two' : 'one', `version ${executed} answered ${answer}`);
      counts[executed!] = (counts[executed!] ?? 0) + 1;
    }
    assert.deepEqual(Object.keys(counts).sort(), ['1', '2']);
    assert.ok(counts['2']! >= 15 && counts['2']! <= 70, `version 2 ran ${counts['2']} of 400 times`);
  });

  it('weights 1 and 0 always and never run the additional version', async () => {
    for (let i = 0; i < 20; i++) {
      assert.deepEqual(await call('routed', 'all-in'), ['2', 'two']);
      assert.deepEqual(await call('routed:none'), ['1', 'one']);
    }
  });
});

describe('resolveInvokeTarget', () => {
  // The server is done writing; read its store in this process.
  const store = new SqliteMetadataStore(join(server.dataDir, 'lambkin.db'));
  const app = { store } as unknown as App;
  after(() => store.close());
  const picks = async (qualifier: string | undefined, n: number) => {
    const loaded = await loadFunction(app, scope, 'routed', 'InvokeFunction', qualifier);
    const counts: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      const target = await resolveInvokeTarget(app, loaded);
      assert.equal(target.version.config.Version, target.executedVersion);
      counts[target.executedVersion] = (counts[target.executedVersion] ?? 0) + 1;
    }
    return counts;
  };

  it('sends about the weight of the calls to the additional version', async () => {
    // 2000 draws at p = 0.1: mean 200, standard deviation ~13.4; the bounds are beyond 4.4 deviations.
    const counts = await picks('canary', 2000);
    assert.deepEqual(Object.keys(counts).sort(), ['1', '2']);
    assert.ok(counts['2']! >= 140 && counts['2']! <= 260, `version 2 ran ${counts['2']} of 2000 times`);
    assert.equal(counts['1']! + counts['2']!, 2000);
  });

  it('honours the extremes and unweighted qualifiers', async () => {
    assert.deepEqual(await picks('all-in', 200), { 2: 200 });
    assert.deepEqual(await picks('none', 200), { 1: 200 });
    assert.deepEqual(await picks('stable', 50), { 1: 50 });
    assert.deepEqual(await picks('2', 50), { 2: 50 });
    assert.deepEqual(await picks(undefined, 10), { $LATEST: 10 });
    assert.deepEqual(await picks('$LATEST', 10), { $LATEST: 10 });
    const target = await resolveInvokeTarget(app, await loadFunction(app, scope, 'routed', 'InvokeFunction', 'canary'));
    assert.ok(target.version.config.FunctionArn!.endsWith(`:routed:${target.executedVersion}`));
  });

  it('refuses qualifiers that name nothing', async () => {
    const loaded = await loadFunction(app, scope, 'routed', 'InvokeFunction', '9');
    await assert.rejects(resolveInvokeTarget(app, loaded), (err: Error & { code?: string; status?: number }) => {
      assert.deepEqual([err.code, err.status, err.message], ['ResourceNotFoundException', 404, notFound('routed', '9').message]);
      return true;
    });
  });
});
