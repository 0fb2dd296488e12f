// An invocation resolves its function from the node's cached documents: every change is seen by the
// next invocation, whichever API made it (the cache is dropped on each change, here or on another node).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand, CreateAliasCommand, DeleteFunctionCommand, PublishVersionCommand, RemovePermissionCommand,
  UpdateAliasCommand, UpdateFunctionConfigurationCommand, waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { ACCOUNT, deploy, eventually, invoke } from './helpers.js';

const server = await startLambkin();
const client = server.client();

const ENV_HANDLER = { 'index.js': 'exports.handler = async () => process.env.COLOUR;\n' };

async function setColour(c: typeof client, name: string, colour: string): Promise<void> {
  await c.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { COLOUR: colour } } }));
  await waitUntilFunctionUpdatedV2({ client: c, maxWaitTime: 60 }, { FunctionName: name });
}

describe('invocations see every change at once', () => {
  test('UpdateFunctionConfiguration: the invoke right after runs the new environment, every time', async () => {
    await deploy(client, 'recoloured', ENV_HANDLER, { environment: { COLOUR: 'red' } });
    assert.equal((await invoke(client, 'recoloured')).text, '"red"');
    for (const colour of ['green', 'blue', 'amber']) {
      await setColour(client, 'recoloured', colour);
      assert.equal((await invoke(client, 'recoloured')).text, JSON.stringify(colour));
      assert.equal((await invoke(client, 'recoloured')).text, JSON.stringify(colour));
    }
  });

  test('UpdateAlias: the invoke right after runs the version the alias names now', async () => {
    await deploy(client, 'aliased', ENV_HANDLER, { environment: { COLOUR: 'one' } });
    const v1 = await client.send(new PublishVersionCommand({ FunctionName: 'aliased' }));
    await setColour(client, 'aliased', 'two');
    const v2 = await client.send(new PublishVersionCommand({ FunctionName: 'aliased' }));
    await client.send(new CreateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: v1.Version! }));
    const first = await invoke(client, 'aliased', {}, { Qualifier: 'live' });
    assert.deepEqual([first.text, first.executedVersion], ['"one"', v1.Version]);
    await client.send(new UpdateAliasCommand({ FunctionName: 'aliased', Name: 'live', FunctionVersion: v2.Version! }));
    const second = await invoke(client, 'aliased', {}, { Qualifier: 'live' });
    assert.deepEqual([second.text, second.executedVersion], ['"two"', v2.Version]);
  });

  test('DeleteFunction: the invoke right after is a 404; re-created, it runs the new code', async () => {
    await deploy(client, 'reborn', { 'index.js': 'exports.handler = async () => "first life";\n' });
    assert.equal((await invoke(client, 'reborn')).text, '"first life"');
    await client.send(new DeleteFunctionCommand({ FunctionName: 'reborn' }));
    await assert.rejects(invoke(client, 'reborn'), { name: 'ResourceNotFoundException' });
    await deploy(client, 'reborn', { 'index.js': 'exports.handler = async () => "second life";\n' });
    assert.equal((await invoke(client, 'reborn')).text, '"second life"');
  });

  test('AddPermission and RemovePermission: another account may invoke right after, and not right after', async () => {
    await deploy(client, 'shared', { 'index.js': 'exports.handler = async () => "shared";\n' });
    const stranger = server.client('111111111111');
    const arn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:shared`;
    await assert.rejects(invoke(stranger, arn), { name: 'AccessDeniedException' });
    await client.send(new AddPermissionCommand({ FunctionName: 'shared', StatementId: 'friend', Action: 'lambda:InvokeFunction', Principal: '111111111111' }));
    assert.equal((await invoke(stranger, arn)).text, '"shared"');
    await client.send(new RemovePermissionCommand({ FunctionName: 'shared', StatementId: 'friend' }));
    await assert.rejects(invoke(stranger, arn), { name: 'AccessDeniedException' });
  });

  test('a change committed by another node on the same store reaches this node\'s invocations', async () => {
    await deploy(client, 'elsewhere', ENV_HANDLER, { environment: { COLOUR: 'here' } });
    // Several invocations first, so that this node holds the function's documents.
    for (let i = 0; i < 3; i++) assert.equal((await invoke(client, 'elsewhere')).text, '"here"');
    const otherNode = await startLambkin({ dataDir: server.dataDir });
    await setColour(otherNode.client(), 'elsewhere', 'there');
    await eventually(async () => ((await invoke(client, 'elsewhere')).text === '"there"' ? true : undefined));
  });
});
