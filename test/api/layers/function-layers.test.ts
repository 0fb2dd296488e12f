import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteLayerVersionCommand, GetFunctionConfigurationCommand, InvokeCommand, PublishLayerVersionCommand, UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { makeZip } from '../../support/zip.js';
import { createEcho, invalidParameter, rejectsWith } from '../functions/fixtures.js';

const server = await startLambkin();
const lambda = server.client();
const zip = await makeZip({ 'data.txt': 'from the layer' });
const publish = async (LayerName: string) => lambda.send(new PublishLayerVersionCommand({ LayerName, Content: { ZipFile: zip } }));
const v1 = await publish('fn-layer');
const v2 = await publish('fn-layer');
const other = await publish('other-layer');

test('a function shows its layers as Arn and CodeSize, and an empty list removes them', async () => {
  const { out } = await createEcho(lambda, 'with-layers', { Layers: [v1.LayerVersionArn!, other.LayerVersionArn!] });
  const expected = [
    { Arn: v1.LayerVersionArn, CodeSize: zip.length },
    { Arn: other.LayerVersionArn, CodeSize: zip.length },
  ];
  assert.deepEqual(out.Layers, expected);
  assert.deepEqual((await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'with-layers' }))).Layers, expected);

  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: 'with-layers' });
  const updated = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'with-layers', Layers: [v2.LayerVersionArn!] }));
  assert.deepEqual(updated.Layers, [{ Arn: v2.LayerVersionArn, CodeSize: zip.length }]);
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: 'with-layers' });
  const untouched = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'with-layers', Description: 'x' }));
  assert.deepEqual(untouched.Layers, [{ Arn: v2.LayerVersionArn, CodeSize: zip.length }]);
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: 'with-layers' });
  const cleared = await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'with-layers', Layers: [] }));
  assert.equal('Layers' in cleared, false);
});

test('a deleted layer version stays on the functions that use it', async () => {
  const kept = await publish('kept-layer');
  await createEcho(lambda, 'keeps-layer', { Layers: [kept.LayerVersionArn!] });
  await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'kept-layer', VersionNumber: 1 }));
  const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'keeps-layer' }));
  assert.deepEqual(config.Layers, [{ Arn: kept.LayerVersionArn, CodeSize: zip.length }]);
});

test('the function runs with its layer under /opt', async () => {
  const code = await makeZip({ 'index.js': "exports.handler = async () => require('fs').readFileSync('/opt/data.txt', 'utf8');\n" });
  await createEcho(lambda, 'reads-opt', { Code: { ZipFile: code }, Layers: [other.LayerVersionArn!] });
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: 'reads-opt' });
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'reads-opt' }));
  assert.equal(out.FunctionError, undefined);
  assert.equal(Buffer.from(out.Payload!).toString(), '"from the layer"');
});

test('AWS\'s errors for layer lists a function cannot use', async () => {
  const arn = (name: string, version: number | string, region = 'us-east-1') => `arn:aws:lambda:${region}:000000000000:layer:${name}:${version}`;
  const create = (Layers: string[]) => createEcho(lambda, 'bad-layers', { Layers });
  const twoVersions = (a: string, b: string) => invalidParameter(
    `Two different versions of the same layer are not allowed to be referenced in the same function. ${a} and ${b} are versions of the same layer.`);
  await rejectsWith(create([v1.LayerVersionArn!, v2.LayerVersionArn!]), twoVersions(v1.LayerVersionArn!, v2.LayerVersionArn!));
  await rejectsWith(create([v1.LayerVersionArn!, v2.LayerVersionArn!, other.LayerVersionArn!]), twoVersions(v1.LayerVersionArn!, v2.LayerVersionArn!));
  await rejectsWith(create([v1.LayerVersionArn!, v1.LayerVersionArn!]), twoVersions(v1.LayerVersionArn!, v1.LayerVersionArn!));
  await rejectsWith(create([arn('doesnotexist', 1)]), invalidParameter(`Layer version ${arn('doesnotexist', 1)} does not exist.`));
  await rejectsWith(create([arn('fn-layer', 9)]), invalidParameter(`Layer version ${arn('fn-layer', 9)} does not exist.`));
  await rejectsWith(create([arn('fn-layer', 1, 'eu-west-1')]), invalidParameter(
    'Layers are not in the same region as the function. Layers are expected to be in region us-east-1.'));
  const six = await Promise.all(['l1', 'l2', 'l3', 'l4', 'l5', 'l6'].map(publish));
  await rejectsWith(create(six.map((l) => l.LayerVersionArn!)), invalidParameter('Cannot reference more than 5 layers.'));
  await rejectsWith(lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'bad-layers' })), {
    name: 'ResourceNotFoundException', status: 404, type: 'User', message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:bad-layers',
  });
});
