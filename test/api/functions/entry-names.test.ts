// A package whose entry names no file system would take is refused at upload, so a function that says
// Active can always be unpacked and run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GetFunctionConfigurationCommand, InvokeCommand, PublishLayerVersionCommand, UpdateFunctionCodeCommand, waitUntilFunctionActiveV2,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { makeZip, NODE_ECHO } from '../../support/zip.js';
import { createEcho, invalidParameter, rejectsWith } from './fixtures.js';

const COULD_NOT_UNZIP = invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.');

const server = await startLambkin();
const client = server.client();

describe('entry names over 255 bytes', () => {
  const tooLong = () => makeZip({ ...NODE_ECHO, [`lib/${'n'.repeat(256)}.js`]: 'module.exports = 1;\n' });

  it('CreateFunction refuses the package', async () => {
    await rejectsWith(createEcho(client, 'long-name', { Code: { ZipFile: await tooLong() } }), COULD_NOT_UNZIP);
  });

  it('UpdateFunctionCode refuses it and keeps the code that runs', async () => {
    await createEcho(client, 'kept');
    await waitUntilFunctionActiveV2({ client, maxWaitTime: 60 }, { FunctionName: 'kept' });
    const before = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'kept' }));
    await rejectsWith(client.send(new UpdateFunctionCodeCommand({ FunctionName: 'kept', ZipFile: await tooLong() })), COULD_NOT_UNZIP);
    const after = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'kept' }));
    assert.equal(after.CodeSha256, before.CodeSha256);
  });

  it('PublishLayerVersion refuses it', async () => {
    await rejectsWith(client.send(new PublishLayerVersionCommand({ LayerName: 'long-name', Content: { ZipFile: await tooLong() } })),
      COULD_NOT_UNZIP);
  });

  it('a name of exactly 255 bytes is accepted and the function runs', async () => {
    const name = `${'n'.repeat(252)}.js`;
    const zip = await makeZip({ 'index.js': `exports.handler = async () => require('./${name}');\n`, [name]: 'module.exports = { loaded: true };\n' });
    await createEcho(client, 'at-the-limit', { Code: { ZipFile: zip } });
    await waitUntilFunctionActiveV2({ client, maxWaitTime: 60 }, { FunctionName: 'at-the-limit' });
    const out = await client.send(new InvokeCommand({ FunctionName: 'at-the-limit' }));
    assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
    assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { loaded: true });
  });
});
