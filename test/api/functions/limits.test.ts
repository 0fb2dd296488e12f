/** AWS's size limits at the API: request body, zipped and unzipped package, environment variables. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateFunctionCommand, PublishLayerVersionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import yazl from 'yazl';
import { startLambkin } from '../../support/server.js';
import { rawRequest } from '../../support/raw-request.js';
import { deflatedZeros, rawZip, storedFile } from '../../code/zip-bytes.js';
import { ROLE, createEcho, echoZip, invalidParameter, rejectsWith, validation } from './fixtures.js';

const server = await startLambkin();
const client = server.client();
const zip = await echoZip();
const create = (ZipFile: Buffer, extra: Record<string, unknown> = {}) => client.send(new CreateFunctionCommand({
  FunctionName: 'sized', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile }, ...extra,
}));

/** A small zip whose one entry inflates to `size` bytes of zeros. */
function inflatesTo(size: number): Promise<Buffer> {
  const file = new yazl.ZipFile();
  file.addBuffer(Buffer.alloc(size), 'big.bin', { compress: true });
  file.end();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    file.outputStream.on('data', (c: Buffer) => chunks.push(c));
    file.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

describe('size limits', () => {
  it('refuses a request body over 70167211 bytes with 413 before reading it all', async () => {
    const res = await rawRequest(server.url, {
      method: 'POST', path: '/2015-03-31/functions', body: Buffer.alloc(70_167_212, 0x20), headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 413);
    assert.equal(res.headers['x-amzn-errortype'], 'RequestEntityTooLargeException');
    assert.deepEqual(res.json(), { message: 'Request must be smaller than 70167211 bytes for the CreateFunction operation' });
  });

  it('refuses a package over 50 MB zipped with 413', async () => {
    await rejectsWith(create(Buffer.alloc(52_428_801)), {
      name: 'RequestEntityTooLargeException', status: 413, message: 'Zipped size must be smaller than 52428800 bytes',
    });
  });

  it('refuses a package over 250 MB unzipped', async () => {
    await rejectsWith(create(await inflatesTo(262_144_001)),
      invalidParameter('Unzipped size must be smaller than 262144000 bytes'));
  });

  it('measures environment variables as AWS does: 4 KB of their JSON', async () => {
    const large = { LARGE_VAR: 'x'.repeat(4096) };
    await rejectsWith(create(zip, { Environment: { Variables: large } }), invalidParameter(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${JSON.stringify(large)}`));
    const near = { AB: 'x'.repeat(4096 - '{"AB":""}'.length) };
    const created = await create(zip, { Environment: { Variables: near } });
    assert.deepEqual(created.Environment, { Variables: near });
    await rejectsWith(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'sized', Environment: { Variables: { ...near, BC: 'y' } } })),
      invalidParameter(`Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${JSON.stringify({ ...near, BC: 'y' })}`));
    await rejectsWith(createEcho(client, 'reserved', { Environment: { Variables: { AWS_REGION: 'x' } } }), invalidParameter(
      'Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: AWS_REGION'));
  });
});

/** A zip of an echo handler and `mebibytes` MiB of zeros, built without compressing them. */
function echoWithZeros(mebibytes: number): { zip: Buffer; unzipped: number } {
  const zeros = deflatedZeros(mebibytes);
  const handler = 'exports.handler = async (event) => event;\n';
  return {
    zip: rawZip([storedFile('index.js', handler), { name: 'zeros.bin', stored: zeros.stream, method: 8, declaredSize: zeros.size, crc: zeros.crc }]),
    unzipped: Buffer.byteLength(handler) + zeros.size,
  };
}

describe('configuration quotas the model states', () => {
  it('EphemeralStorage is 512 to 10240 MB on CreateFunction and UpdateFunctionConfiguration', async () => {
    const outside = (size: number, bound: string) => validation(
      `Value '${size}' at 'ephemeralStorage.size' failed to satisfy constraint: Member must have value ${bound}`);
    await rejectsWith(createEcho(client, 'scratch', { EphemeralStorage: { Size: 10241 } }), outside(10241, 'less than or equal to 10240'));
    await rejectsWith(createEcho(client, 'scratch', { EphemeralStorage: { Size: 511 } }), outside(511, 'greater than or equal to 512'));
    const created = await createEcho(client, 'scratch', { EphemeralStorage: { Size: 10240 } });
    assert.deepEqual(created.out.EphemeralStorage, { Size: 10240 });
    await rejectsWith(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'scratch', EphemeralStorage: { Size: 20000 } })),
      outside(20000, 'less than or equal to 10240'));
  });
});

describe('code and layers together', () => {
  const combinedTooLarge = (actual: number) => invalidParameter(
    `Function code combined with layers exceeds the maximum allowed size of 262144000 bytes. The actual size is ${actual} bytes.`);

  it('refuses CreateFunction, UpdateFunctionCode and UpdateFunctionConfiguration past 250 MB unzipped', async () => {
    const layer = echoWithZeros(150);
    const code = echoWithZeros(110);
    const published = await client.send(new PublishLayerVersionCommand({ LayerName: 'heavy', Content: { ZipFile: layer.zip } }));
    const Layers = [published.LayerVersionArn!];
    const withLayer = (FunctionName: string, ZipFile: Buffer) => client.send(new CreateFunctionCommand({
      FunctionName, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile }, Layers,
    }));
    await rejectsWith(withLayer('heavy-both', code.zip), combinedTooLarge(layer.unzipped + code.unzipped));

    const light = await withLayer('light-code', zip);
    assert.deepEqual(light.Layers?.map((l) => l.Arn), Layers);
    await rejectsWith(client.send(new UpdateFunctionCodeCommand({ FunctionName: 'light-code', ZipFile: code.zip })),
      combinedTooLarge(layer.unzipped + code.unzipped));

    await client.send(new CreateFunctionCommand({
      FunctionName: 'heavy-code', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: code.zip },
    }));
    await rejectsWith(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'heavy-code', Layers })),
      combinedTooLarge(layer.unzipped + code.unzipped));
  });
});
