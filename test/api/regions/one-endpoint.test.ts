/**
 * One Lambkin answers every region: the region of a request is its credential scope, and resources belong
 * to an account in one region. Clients in us-east-1, us-west-2 and eu-central-1 share one server, which
 * was started with yet another default region.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand, CreateAliasCommand, CreateFunctionCommand, DeleteFunctionCommand, DeleteLayerVersionCommand,
  GetAccountSettingsCommand, GetAliasCommand, GetFunctionCommand, GetFunctionEventInvokeConfigCommand, GetLayerVersionByArnCommand,
  GetLayerVersionCommand, GetPolicyCommand, InvokeCommand, ListAliasesCommand, ListFunctionsCommand, ListLayersCommand,
  ListLayerVersionsCommand, ListVersionsByFunctionCommand, PublishLayerVersionCommand, PublishVersionCommand,
  PutFunctionConcurrencyCommand, PutFunctionEventInvokeConfigCommand, UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { makeZip } from '../../support/zip.js';
import { invalidParameter, rejectsWith, type ExpectedError } from '../functions/fixtures.js';
import { settled } from '../versions/helpers.js';
import { ACCOUNT, ROLE, createReporter, decodePayload, functionArnIn, regionClient, reporterZip } from './clients.js';

const server = await startLambkin({ args: ['--region', 'ap-south-1'] });
const east = regionClient(server.url, 'us-east-1');
const west = regionClient(server.url, 'us-west-2');
const central = regionClient(server.url, 'eu-central-1');

const notFoundIn = (region: string, name: string, qualifier?: string): ExpectedError => ({
  name: 'ResourceNotFoundException', status: 404, type: 'User', message: `Function not found: ${functionArnIn(region, name, qualifier)}`,
});
const unreachable = (from: string, here: string): ExpectedError => ({
  name: 'ResourceNotFoundException', status: 404, type: 'User', message: `Functions from '${from}' are not reachable in this region ('${here}')`,
});
const invoke = async (client: typeof east, FunctionName: string, payload: unknown = {}) => {
  const out = await client.send(new InvokeCommand({ FunctionName, Payload: Buffer.from(JSON.stringify(payload)) }));
  assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
  return decodePayload(out.Payload) as Record<string, unknown>;
};

const westTwin = await createReporter(west, 'twin', 'west code');
const centralTwin = await createReporter(central, 'twin', 'central code', { Description: 'the central one' });

test('the same name is two functions in two regions, each with its own ARN, code and settings', async () => {
  assert.equal(westTwin.FunctionArn, functionArnIn('us-west-2', 'twin'));
  assert.equal(centralTwin.FunctionArn, functionArnIn('eu-central-1', 'twin'));
  assert.notEqual(westTwin.CodeSha256, centralTwin.CodeSha256);
  const w = (await west.send(new GetFunctionCommand({ FunctionName: 'twin' }))).Configuration!;
  const c = (await central.send(new GetFunctionCommand({ FunctionName: 'twin' }))).Configuration!;
  assert.deepEqual([w.FunctionArn, w.Description, w.CodeSha256], [westTwin.FunctionArn, '', westTwin.CodeSha256]);
  assert.deepEqual([c.FunctionArn, c.Description, c.CodeSha256], [centralTwin.FunctionArn, 'the central one', centralTwin.CodeSha256]);
  assert.match(w.RuntimeVersionConfig!.RuntimeVersionArn!, /^arn:aws:lambda:us-west-2::runtime:/);
  assert.match(c.RuntimeVersionConfig!.RuntimeVersionArn!, /^arn:aws:lambda:eu-central-1::runtime:/);
  // Neither exists where it was not created, the server's default region included.
  await rejectsWith(east.send(new GetFunctionCommand({ FunctionName: 'twin' })), notFoundIn('us-east-1', 'twin'));
  const southDefault = regionClient(server.url, 'ap-south-1');
  await rejectsWith(southDefault.send(new GetFunctionCommand({ FunctionName: 'twin' })), notFoundIn('ap-south-1', 'twin'));
});

test('each runs its own code with its own region in AWS_REGION, its context ARN and its log group', async () => {
  assert.deepEqual(await invoke(west, 'twin', { n: 1 }), {
    label: 'west code', region: 'us-west-2', defaultRegion: 'us-west-2',
    invokedArn: functionArnIn('us-west-2', 'twin'), logGroup: '/aws/lambda/twin', event: { n: 1 },
  });
  assert.deepEqual(await invoke(central, 'twin', { n: 2 }), {
    label: 'central code', region: 'eu-central-1', defaultRegion: 'eu-central-1',
    invokedArn: functionArnIn('eu-central-1', 'twin'), logGroup: '/aws/lambda/twin', event: { n: 2 },
  });
  // Invoked by its full ARN, from its own region.
  assert.equal((await invoke(west, functionArnIn('us-west-2', 'twin'))).invokedArn, functionArnIn('us-west-2', 'twin'));
  // Same log group name, but each region's logs are its own.
  const logsOf = async (region: string) => {
    const res = await fetch(`${server.url}/_lambkin/logs/twin?region=${region}`);
    assert.equal(res.status, 200);
    return (await res.text()).trim().split('\n').map((line) => JSON.parse(line) as { message: string }).map((e) => e.message);
  };
  const westLogs = await logsOf('us-west-2');
  const centralLogs = await logsOf('eu-central-1');
  assert.equal(westLogs.filter((m) => m.startsWith('START ')).length, 2, westLogs.join(''));
  assert.equal(centralLogs.filter((m) => m.startsWith('START ')).length, 1, centralLogs.join(''));
});

test('an ARN of another region gets AWS\'s "not reachable in this region", for reads, invokes and writes', async () => {
  const westArn = functionArnIn('us-west-2', 'twin');
  await rejectsWith(central.send(new GetFunctionCommand({ FunctionName: westArn })), unreachable('us-west-2', 'eu-central-1'));
  await rejectsWith(central.send(new InvokeCommand({ FunctionName: westArn })), unreachable('us-west-2', 'eu-central-1'));
  await rejectsWith(central.send(new DeleteFunctionCommand({ FunctionName: westArn })), unreachable('us-west-2', 'eu-central-1'));
  await rejectsWith(east.send(new GetFunctionCommand({ FunctionName: `us-west-2:${ACCOUNT}:function:twin` })), unreachable('us-west-2', 'us-east-1'));
  await rejectsWith(west.send(new ListVersionsByFunctionCommand({ FunctionName: functionArnIn('eu-central-1', 'twin') })),
    unreachable('eu-central-1', 'us-west-2'));
  // The refused delete removed nothing.
  assert.equal((await west.send(new GetFunctionCommand({ FunctionName: 'twin' }))).Configuration!.FunctionArn, westArn);
});

test('ListFunctions lists only the region of the request', async () => {
  await createReporter(east, 'only-east', 'east code');
  const names = async (client: typeof east) =>
    (await client.send(new ListFunctionsCommand({}))).Functions!.map((f) => [f.FunctionName, f.FunctionArn]);
  assert.deepEqual(await names(east), [['only-east', functionArnIn('us-east-1', 'only-east')]]);
  assert.deepEqual(await names(west), [['twin', functionArnIn('us-west-2', 'twin')]]);
  assert.deepEqual(await names(central), [['twin', functionArnIn('eu-central-1', 'twin')]]);
  assert.deepEqual(await names(regionClient(server.url, 'sa-east-1')), []);
});

test('versions, aliases, policies and event invoke configs belong to their region', async () => {
  await createReporter(west, 'versioned', 'west v1');
  await createReporter(central, 'versioned', 'central v1');
  assert.equal((await west.send(new PublishVersionCommand({ FunctionName: 'versioned' }))).FunctionArn, functionArnIn('us-west-2', 'versioned', '1'));
  await west.send(new UpdateFunctionCodeCommand({ FunctionName: 'versioned', ZipFile: await reporterZip('west v2') }));
  await settled(west, 'versioned');
  assert.equal((await west.send(new PublishVersionCommand({ FunctionName: 'versioned' }))).Version, '2');
  // Central's numbering starts on its own.
  assert.equal((await central.send(new PublishVersionCommand({ FunctionName: 'versioned' }))).Version, '1');
  const versions = async (client: typeof east) =>
    (await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'versioned' }))).Versions!.map((v) => v.FunctionArn);
  assert.deepEqual(await versions(west), ['$LATEST', '1', '2'].map((q) => functionArnIn('us-west-2', 'versioned', q)));
  assert.deepEqual(await versions(central), ['$LATEST', '1'].map((q) => functionArnIn('eu-central-1', 'versioned', q)));

  const alias = await west.send(new CreateAliasCommand({ FunctionName: 'versioned', Name: 'live', FunctionVersion: '2' }));
  assert.equal(alias.AliasArn, functionArnIn('us-west-2', 'versioned', 'live'));
  assert.deepEqual((await central.send(new ListAliasesCommand({ FunctionName: 'versioned' }))).Aliases, []);
  await rejectsWith(central.send(new GetAliasCommand({ FunctionName: 'versioned', Name: 'live' })), {
    name: 'ResourceNotFoundException', status: 404, type: 'User',
    message: `Cannot find alias arn: ${functionArnIn('eu-central-1', 'versioned', 'live')}`,
  });
  assert.deepEqual(await invoke(west, 'versioned:live'), {
    label: 'west v2', region: 'us-west-2', defaultRegion: 'us-west-2',
    invokedArn: functionArnIn('us-west-2', 'versioned', 'live'), logGroup: '/aws/lambda/versioned', event: {},
  });
  assert.equal((await invoke(central, 'versioned:1')).label, 'central v1');

  await west.send(new AddPermissionCommand({
    FunctionName: 'versioned', StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com',
  }));
  const policy = JSON.parse((await west.send(new GetPolicyCommand({ FunctionName: 'versioned' }))).Policy!);
  assert.equal(policy.Statement[0].Resource, functionArnIn('us-west-2', 'versioned'));
  await rejectsWith(central.send(new GetPolicyCommand({ FunctionName: 'versioned' })), {
    name: 'ResourceNotFoundException', status: 404, type: 'User', message: 'The resource you requested does not exist.',
  });

  const config = await west.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'versioned', MaximumRetryAttempts: 0 }));
  assert.equal(config.FunctionArn, functionArnIn('us-west-2', 'versioned', '$LATEST'));
  await rejectsWith(central.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'versioned' })), {
    name: 'ResourceNotFoundException', status: 404, type: 'User',
    message: `The function ${functionArnIn('eu-central-1', 'versioned', '$LATEST')} doesn't have an EventInvokeConfig`,
  });

  // Deleting one region's function leaves the other's whole.
  await central.send(new DeleteFunctionCommand({ FunctionName: 'versioned' }));
  await rejectsWith(central.send(new GetFunctionCommand({ FunctionName: 'versioned' })), notFoundIn('eu-central-1', 'versioned'));
  assert.equal((await west.send(new GetAliasCommand({ FunctionName: 'versioned', Name: 'live' }))).FunctionVersion, '2');
  assert.equal((await invoke(west, 'versioned')).label, 'west v2');
});

test('layers are per region: names, version numbers, ARNs, lists, and what a function may use', async () => {
  const layerZip = (text: string) => makeZip({ 'nodejs/node_modules/where/index.js': `module.exports = ${JSON.stringify(text)};\n` });
  const publish = async (client: typeof east, text: string) =>
    client.send(new PublishLayerVersionCommand({ LayerName: 'where', Content: { ZipFile: await layerZip(text) } }));
  const w1 = await publish(west, 'west layer 1');
  const w2 = await publish(west, 'west layer 2');
  const c1 = await publish(central, 'central layer 1');
  const layerArn = (region: string) => `arn:aws:lambda:${region}:${ACCOUNT}:layer:where`;
  assert.deepEqual([w1.LayerVersionArn, w2.LayerVersionArn, c1.LayerVersionArn],
    [`${layerArn('us-west-2')}:1`, `${layerArn('us-west-2')}:2`, `${layerArn('eu-central-1')}:1`]);
  const listed = async (client: typeof east) =>
    (await client.send(new ListLayersCommand({}))).Layers!.map((l) => l.LatestMatchingVersion!.LayerVersionArn);
  assert.deepEqual(await listed(west), [`${layerArn('us-west-2')}:2`]);
  assert.deepEqual(await listed(central), [`${layerArn('eu-central-1')}:1`]);
  assert.deepEqual(await listed(east), []);
  const versions = (await central.send(new ListLayerVersionsCommand({ LayerName: 'where' }))).LayerVersions!;
  assert.deepEqual(versions.map((v) => v.LayerVersionArn), [`${layerArn('eu-central-1')}:1`]);

  // Another region's layer is nothing here, by name or by ARN.
  const missing: ExpectedError = { name: 'ResourceNotFoundException', status: 404, type: 'User', message: 'The resource you requested does not exist.' };
  await rejectsWith(central.send(new GetLayerVersionCommand({ LayerName: 'where', VersionNumber: 2 })), missing);
  await rejectsWith(central.send(new GetLayerVersionByArnCommand({ Arn: w2.LayerVersionArn! })), missing);
  await rejectsWith(central.send(new GetLayerVersionCommand({ LayerName: layerArn('us-west-2'), VersionNumber: 1 })), missing);
  assert.deepEqual((await central.send(new ListLayerVersionsCommand({ LayerName: layerArn('us-west-2') }))).LayerVersions, []);
  await rejectsWith(central.send(new PublishLayerVersionCommand({ LayerName: layerArn('us-west-2'), Content: { ZipFile: await layerZip('x') } })), missing);
  await central.send(new DeleteLayerVersionCommand({ LayerName: layerArn('us-west-2'), VersionNumber: 1 }));
  assert.equal((await west.send(new GetLayerVersionCommand({ LayerName: 'where', VersionNumber: 1 }))).Version, 1);
  assert.equal((await west.send(new ListLayerVersionsCommand({ LayerName: 'where' }))).LayerVersions!.length, 2);

  // A function takes layers of its own region only, and runs with them.
  const code = await makeZip({ 'index.js': "exports.handler = async () => ({ layer: require('where'), region: process.env.AWS_REGION });\n" });
  const create = (client: typeof east, Layers: string[]) => client.send(new CreateFunctionCommand({
    FunctionName: 'layered', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: code }, Layers,
  }));
  await rejectsWith(create(central, [w2.LayerVersionArn!]), invalidParameter(
    'Layers are not in the same region as the function. Layers are expected to be in region eu-central-1.'));
  await create(west, [w2.LayerVersionArn!]);
  await create(central, [c1.LayerVersionArn!]);
  await settled(west, 'layered');
  await settled(central, 'layered');
  assert.deepEqual(await invoke(west, 'layered'), { layer: 'west layer 2', region: 'us-west-2' });
  assert.deepEqual(await invoke(central, 'layered'), { layer: 'central layer 1', region: 'eu-central-1' });
});

test('concurrency is pooled per region: reservations in one region leave the others\' pools whole', async () => {
  // 900 of the 1000 in each of two regions: together more than one account-wide pool could hold.
  await west.send(new PutFunctionConcurrencyCommand({ FunctionName: 'twin', ReservedConcurrentExecutions: 900 }));
  await central.send(new PutFunctionConcurrencyCommand({ FunctionName: 'twin', ReservedConcurrentExecutions: 900 }));
  const unreserved = async (client: typeof east) =>
    (await client.send(new GetAccountSettingsCommand({}))).AccountLimit!.UnreservedConcurrentExecutions;
  assert.deepEqual([await unreserved(west), await unreserved(central), await unreserved(east)], [100, 100, 1000]);
  // Functions without a reservation still run in every region.
  assert.equal((await invoke(east, 'only-east')).label, 'east code');
  assert.equal((await invoke(west, 'layered')).region, 'us-west-2');
  assert.equal((await invoke(central, 'twin')).label, 'central code');
});

test('regions of other partitions get their partition\'s ARNs: aws-cn in China, aws-us-gov in GovCloud', async () => {
  for (const [region, partition] of [['cn-north-1', 'aws-cn'], ['us-gov-west-1', 'aws-us-gov']] as const) {
    const client = regionClient(server.url, region);
    const created = await createReporter(client, 'partitioned', `${partition} code`);
    const arn = `arn:${partition}:lambda:${region}:${ACCOUNT}:function:partitioned`;
    assert.equal(created.FunctionArn, arn);
    await settled(client, 'partitioned');
    const ran = await invoke(client, 'partitioned');
    assert.deepEqual([ran.region, ran.invokedArn], [region, arn]);
    // The full ARN is accepted back, and an account principal is written as that partition's root.
    const added = await client.send(new AddPermissionCommand({
      FunctionName: arn, StatementId: 'other', Action: 'lambda:InvokeFunction', Principal: '111111111111',
    }));
    assert.deepEqual(JSON.parse(added.Statement!).Principal, { AWS: `arn:${partition}:iam::111111111111:root` });
    const other = regionClient(server.url, region, '111111111111');
    assert.equal((await invoke(other, arn)).label, `${partition} code`);
    const layer = await client.send(new PublishLayerVersionCommand({ LayerName: 'lib', Content: { ZipFile: await makeZip({ 'a.txt': 'a' }) } }));
    assert.equal(layer.LayerVersionArn, `arn:${partition}:lambda:${region}:${ACCOUNT}:layer:lib:1`);
  }
});
