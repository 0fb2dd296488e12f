import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteLayerVersionCommand, GetLayerVersionByArnCommand, GetLayerVersionCommand, ListLayersCommand,
  ListLayerVersionsCommand, PublishLayerVersionCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { makeZip } from '../../support/zip.js';
import { invalidParameter, rejectsWith, sha256Base64, validation } from '../functions/fixtures.js';

const server = await startLambkin();
const lambda = server.client();
const LAYER_ARN = (name: string) => `arn:aws:lambda:us-east-1:000000000000:layer:${name}`;
const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;
const missing = { name: 'ResourceNotFoundException', status: 404, type: 'User' as const, message: 'The resource you requested does not exist.' };

test('PublishLayerVersion answers 201 with AWS\'s shape, and the code link serves the zip', async () => {
  const zip = await makeZip({ 'python/lib.py': 'X = 1\n' });
  const out = await lambda.send(new PublishLayerVersionCommand({
    LayerName: 'shape', Description: 'my layer', LicenseInfo: 'MIT', Content: { ZipFile: zip },
    CompatibleRuntimes: ['python3.12'], CompatibleArchitectures: ['x86_64'],
  }));
  assert.equal(out.$metadata.httpStatusCode, 201);
  const { $metadata: _m, Content, CreatedDate, ...rest } = out;
  assert.match(CreatedDate!, DATE);
  assert.deepEqual(rest, {
    CompatibleArchitectures: ['x86_64'], CompatibleRuntimes: ['python3.12'], Description: 'my layer',
    LayerArn: LAYER_ARN('shape'), LayerVersionArn: `${LAYER_ARN('shape')}:1`, LicenseInfo: 'MIT', Version: 1,
  });
  assert.equal(Content!.CodeSha256, sha256Base64(zip));
  assert.equal(Content!.CodeSize, zip.length);
  const download = await fetch(Content!.Location!);
  assert.equal(download.status, 200);
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), zip);

  const got = await lambda.send(new GetLayerVersionCommand({ LayerName: 'shape', VersionNumber: 1 }));
  const byArn = await lambda.send(new GetLayerVersionByArnCommand({ Arn: `${LAYER_ARN('shape')}:1` }));
  const byLayerArn = await lambda.send(new GetLayerVersionCommand({ LayerName: LAYER_ARN('shape'), VersionNumber: 1 }));
  for (const view of [got, byArn, byLayerArn]) {
    assert.equal(view.$metadata.httpStatusCode, 200);
    const { $metadata: _g, Content: c, ...fields } = view;
    assert.deepEqual(fields, { ...rest, CreatedDate });
    assert.deepEqual({ ...c, Location: undefined }, { ...Content, Location: undefined });
  }
});

test('compatibility lists are shown as given: empty lists stay, missing ones are left out', async () => {
  const zip = await makeZip({ 'a.txt': 'a' });
  const empty = await lambda.send(new PublishLayerVersionCommand({
    LayerName: 'empty-lists', Content: { ZipFile: zip }, CompatibleRuntimes: [], CompatibleArchitectures: [],
  }));
  assert.deepEqual([empty.CompatibleRuntimes, empty.CompatibleArchitectures, empty.Description], [[], [], '']);
  const none = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'no-lists', Content: { ZipFile: zip } }));
  assert.equal('CompatibleRuntimes' in none, false);
  assert.equal('CompatibleArchitectures' in none, false);
  assert.equal('LicenseInfo' in none, false);
});

test('versions list newest first, filter by runtime and architecture, and page with Marker', async () => {
  const zip = await makeZip({ 'a.txt': 'a' });
  const publish = (CompatibleRuntimes: ('python3.12' | 'nodejs20.x')[], CompatibleArchitectures: ('x86_64' | 'arm64')[]) =>
    lambda.send(new PublishLayerVersionCommand({ LayerName: 'listed', Content: { ZipFile: zip }, CompatibleRuntimes, CompatibleArchitectures }));
  await publish(['python3.12'], ['x86_64']);
  await publish(['nodejs20.x'], ['arm64']);
  await publish(['python3.12', 'nodejs20.x'], ['arm64']);
  const versions = async (extra: object = {}) => (await lambda.send(new ListLayerVersionsCommand({ LayerName: 'listed', ...extra })));
  const all = await versions();
  assert.deepEqual(all.LayerVersions!.map((v) => v.Version), [3, 2, 1]);
  assert.equal(all.NextMarker, undefined);
  const { CreatedDate, ...item } = all.LayerVersions![2]!;
  assert.match(CreatedDate!, DATE);
  assert.deepEqual(item, {
    CompatibleArchitectures: ['x86_64'], CompatibleRuntimes: ['python3.12'], Description: '',
    LayerVersionArn: `${LAYER_ARN('listed')}:1`, Version: 1,
  });
  assert.deepEqual((await versions({ CompatibleRuntime: 'python3.12' })).LayerVersions!.map((v) => v.Version), [3, 1]);
  assert.deepEqual((await versions({ CompatibleArchitecture: 'x86_64' })).LayerVersions!.map((v) => v.Version), [1]);
  assert.deepEqual((await versions({ CompatibleRuntime: 'nodejs20.x', CompatibleArchitecture: 'arm64' })).LayerVersions!.map((v) => v.Version), [3, 2]);
  const first = await versions({ MaxItems: 2 });
  assert.deepEqual(first.LayerVersions!.map((v) => v.Version), [3, 2]);
  const second = await versions({ MaxItems: 2, Marker: first.NextMarker });
  assert.deepEqual(second.LayerVersions!.map((v) => v.Version), [1]);
  assert.equal(second.NextMarker, undefined);
  assert.deepEqual((await lambda.send(new ListLayerVersionsCommand({ LayerName: 'never-published' }))).LayerVersions, []);

  const layers = async (extra: object = {}) => (await lambda.send(new ListLayersCommand(extra))).Layers!.filter((l) => l.LayerName === 'listed');
  const [latest] = await layers();
  assert.deepEqual(latest, { LayerArn: LAYER_ARN('listed'), LayerName: 'listed', LatestMatchingVersion: all.LayerVersions![0] });
  assert.equal((await layers({ CompatibleArchitecture: 'x86_64' }))[0]!.LatestMatchingVersion!.Version, 1);
  assert.deepEqual(await layers({ CompatibleRuntime: 'java21' }), []);
});

test('ListLayers pages by layer name', async () => {
  const zip = await makeZip({ 'a.txt': 'a' });
  const names = ['page-a', 'page-b', 'page-c'];
  for (const LayerName of names) {
    await lambda.send(new PublishLayerVersionCommand({ LayerName, Content: { ZipFile: zip }, CompatibleRuntimes: ['ruby3.3'] }));
  }
  const first = await lambda.send(new ListLayersCommand({ CompatibleRuntime: 'ruby3.3', MaxItems: 2 }));
  assert.deepEqual(first.Layers!.map((l) => l.LayerName), ['page-a', 'page-b']);
  const second = await lambda.send(new ListLayersCommand({ CompatibleRuntime: 'ruby3.3', MaxItems: 2, Marker: first.NextMarker }));
  assert.deepEqual(second.Layers!.map((l) => l.LayerName), ['page-c']);
  assert.equal(second.NextMarker, undefined);
});

test('deleting versions is idempotent, empties the layer, and never reuses a number', async () => {
  const zip = await makeZip({ 'a.txt': 'a' });
  for (let i = 0; i < 2; i++) await lambda.send(new PublishLayerVersionCommand({ LayerName: 'doomed', Content: { ZipFile: zip } }));
  for (const VersionNumber of [1, 2, 2, 7]) {
    const out = await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'doomed', VersionNumber }));
    assert.equal(out.$metadata.httpStatusCode, 204);
  }
  await lambda.send(new DeleteLayerVersionCommand({ LayerName: 'never-existed', VersionNumber: 1 }));
  assert.deepEqual((await lambda.send(new ListLayerVersionsCommand({ LayerName: 'doomed' }))).LayerVersions, []);
  const layers = (await lambda.send(new ListLayersCommand({}))).Layers!;
  assert.equal(layers.some((l) => l.LayerName === 'doomed'), false);
  await rejectsWith(lambda.send(new GetLayerVersionCommand({ LayerName: 'doomed', VersionNumber: 1 })), missing);
  const again = await lambda.send(new PublishLayerVersionCommand({ LayerName: 'doomed', Content: { ZipFile: zip } }));
  assert.deepEqual([again.Version, again.LayerVersionArn], [3, `${LAYER_ARN('doomed')}:3`]);
});

test('AWS\'s errors for missing layers, bad version numbers and bad values', async () => {
  const zip = await makeZip({ 'a.txt': 'a' });
  await lambda.send(new PublishLayerVersionCommand({ LayerName: 'errs', Content: { ZipFile: zip } }));
  await rejectsWith(lambda.send(new GetLayerVersionCommand({ LayerName: 'doesnotexist', VersionNumber: 1 })), missing);
  await rejectsWith(lambda.send(new GetLayerVersionCommand({ LayerName: 'errs', VersionNumber: 2 })), missing);
  await rejectsWith(lambda.send(new GetLayerVersionByArnCommand({ Arn: `${LAYER_ARN('errs')}:2` })), missing);
  for (const VersionNumber of [0, -1]) {
    await rejectsWith(lambda.send(new GetLayerVersionCommand({ LayerName: 'errs', VersionNumber })), invalidParameter('Layer Version Cannot be less than 1'));
  }
  await rejectsWith(lambda.send(new DeleteLayerVersionCommand({ LayerName: 'errs', VersionNumber: -1 })), invalidParameter('Layer Version Cannot be less than 1'));
  await rejectsWith(lambda.send(new GetLayerVersionByArnCommand({ Arn: LAYER_ARN('errs') })), validation(
    `Value '${LAYER_ARN('errs')}' at 'arn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)`));
  await rejectsWith(lambda.send(new ListLayersCommand({ CompatibleArchitecture: 'archdoesnotexist' as never })), validation(
    "Value 'archdoesnotexist' at 'compatibleArchitecture' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]"));
  await rejectsWith(lambda.send(new ListLayerVersionsCommand({ LayerName: 'errs', CompatibleRuntime: 'runtimedoesnotexist' as never })), {
    name: 'ValidationException', status: 400,
    message: "1 validation error detected: Value 'runtimedoesnotexist' at 'compatibleRuntime' failed to satisfy constraint: Member must satisfy enum value set: [ruby3.5, ruby2.6, dotnetcore1.0, python3.7, nodejs8.10, nasa, ruby2.7, python2.7-greengrass, dotnetcore2.0, python3.8, java21, dotnet6, dotnetcore2.1, python3.9, java11, nodejs6.10, provided, dotnetcore3.1, dotnet8, java25, java17, nodejs, nodejs4.3, java8.al2, go1.x, dotnet10, nodejs20.x, go1.9, byol, nodejs10.x, provided.al2023, nodejs22.x, python3.10, java8, nodejs12.x, python3.11, nodejs24.x, nodejs8.x, python3.12, nodejs14.x, nodejs8.9, nodejs26.x, python3.13, python3.14, nodejs16.x, python3.15, provided.al2, nodejs4.3-edge, nodejs18.x, ruby3.2, python3.4, ruby3.3, ruby3.4, ruby2.5, python3.6, python2.7]",
  });
  const runtimes = '[nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2]';
  await rejectsWith(lambda.send(new PublishLayerVersionCommand({
    LayerName: 'errs', Content: { ZipFile: zip },
    CompatibleRuntimes: ['invalidruntime', 'invalidruntime2', 'nodejs20.x'] as never, CompatibleArchitectures: ['invalidarch', 'x86_64'] as never,
  })), validation(
    `Value '[invalidruntime, invalidruntime2, nodejs20.x]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: ${runtimes}`,
    "Value '[invalidarch, x86_64]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"));
  await rejectsWith(lambda.send(new PublishLayerVersionCommand({ LayerName: 'errs', Content: { ZipFile: Buffer.from('not a zip') } })), {
    name: 'InvalidParameterValueException', status: 400, type: 'User', message: 'Could not unzip uploaded file. Please check your file, then try to upload again.',
  });
});
