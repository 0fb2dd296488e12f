import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeleteFunctionCommand, GetAccountSettingsCommand, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { makeZip } from '../support/zip.js';
import { createEcho } from './functions/fixtures.js';

const server = await startLambkin();

describe('GetAccountSettings', () => {
  it('reports AWS\'s default limits and the account\'s real usage', async () => {
    const client = server.client('333333333333');
    const settings = () => client.send(new GetAccountSettingsCommand({}));
    const empty = await settings();
    assert.deepEqual(empty.AccountLimit, {
      TotalCodeSize: 80530636800, CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800, ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000,
    });
    assert.deepEqual(empty.AccountUsage, { TotalCodeSize: 0, FunctionCount: 0 });
    const { zip: first } = await createEcho(client, 'one');
    const { zip: second } = await createEcho(client, 'two');
    assert.deepEqual((await settings()).AccountUsage, { TotalCodeSize: first.length + second.length, FunctionCount: 2 });
    const bigger = await makeZip({ 'index.js': `exports.handler = async () => '${'x'.repeat(500)}';\n` });
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'two', ZipFile: bigger }));
    assert.deepEqual((await settings()).AccountUsage, { TotalCodeSize: first.length + bigger.length, FunctionCount: 2 });
    await client.send(new DeleteFunctionCommand({ FunctionName: 'one' }));
    assert.deepEqual((await settings()).AccountUsage, { TotalCodeSize: bigger.length, FunctionCount: 1 });
    // Another account's usage is its own.
    assert.deepEqual((await server.client('444444444444').send(new GetAccountSettingsCommand({}))).AccountUsage, { TotalCodeSize: 0, FunctionCount: 0 });
  });
});
