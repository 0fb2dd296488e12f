/** AWS's answers to bad aliases and routing configurations (recorded: TestLambdaAlias::*). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateAliasCommand, GetAliasCommand, ListAliasesCommand, PublishVersionCommand, UpdateAliasCommand,
  type CreateAliasCommandInput,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { arnOf, createEcho, invalidParameter, notFound, rejectsWith, validation } from '../functions/fixtures.js';
import { redescribeLatest, settled } from '../versions/helpers.js';

const server = await startLambkin();
const client = server.client();

await createEcho(client, 'fn', { Publish: true, Environment: { Variables: { testenv: 'staging' } } });
await settled(client, 'fn');
await redescribeLatest(client, 'fn', 'prod');
assert.equal((await client.send(new PublishVersionCommand({ FunctionName: 'fn' }))).Version, '2');

const create = (input: Partial<CreateAliasCommandInput>) =>
  client.send(new CreateAliasCommand({ FunctionName: 'fn', Name: 'custom', FunctionVersion: '1', ...input }));
const weights = (w: Record<string, number>) => ({ RoutingConfig: { AdditionalVersionWeights: w } });
const WEIGHT_RANGE = 'Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]';

describe('alias routing configuration', () => {
  it('refuses what AWS refuses, with its exact answers', async () => {
    await rejectsWith(create(weights({ 1: 0.8, 2: 0.2 })), invalidParameter('Number of items in AdditionalVersionWeights cannot be greater than 1'));
    await rejectsWith(create(weights({ 2: 2 })), validation(`Value '{2=2.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: ${WEIGHT_RANGE}`));
    await rejectsWith(create(weights({ 2: -1 })), validation(`Value '{2=-1.0}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: ${WEIGHT_RANGE}`));
    await rejectsWith(create(weights({ 1: 0.5 })), invalidParameter('Invalid function version 1. Function version 1 is already included in routing configuration.'));
    await rejectsWith(create({ FunctionVersion: '10', ...weights({ 2: 0.5 }) }), notFound('fn', '10'));
    await rejectsWith(create(weights({ 10: 0.5 })), notFound('fn', '10'));
    // AWS sends this one without a Type member.
    await rejectsWith(create({ FunctionVersion: '$LATEST', ...weights({ 1: 0.5 }) }), {
      name: 'InvalidParameterValueException', status: 400, message: '$LATEST is not supported for an alias pointing to more than 1 version',
    });
    await rejectsWith(create(weights({ $LATEST: 0.5 })), validation(
      "Value '{$LATEST=0.5}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]"));
    await rejectsWith(create({ FunctionName: 'fn-unknown', ...weights({ 2: 0.5 }) }), notFound('fn-unknown', '1'));
    // Nothing of the refused attempts was kept.
    assert.deepEqual((await client.send(new ListAliasesCommand({ FunctionName: 'fn' }))).Aliases, []);

    const latest = await create({ Name: 'custom-latest', FunctionVersion: '$LATEST' });
    assert.equal(latest.FunctionVersion, '$LATEST');
    const empty = await create({ Name: 'custom-empty-routingconfig', ...weights({}) });
    assert.equal(empty.RoutingConfig, undefined);
    const custom = await create(weights({ 2: 0.5 }));
    assert.deepEqual(custom.RoutingConfig, { AdditionalVersionWeights: { 2: 0.5 } });
    await rejectsWith(create(weights({ 2: 0.5 })), {
      name: 'ResourceConflictException', status: 409, type: 'User', message: `Alias already exists: ${arnOf('fn', undefined, 'custom')}`,
    });
  });

  it('checks the routing of an update against the version the alias will point to', async () => {
    await create({ Name: 'moving', ...weights({ 2: 0.1 }) });
    await rejectsWith(client.send(new UpdateAliasCommand({ FunctionName: 'fn', Name: 'moving', FunctionVersion: '2' })),
      invalidParameter('Invalid function version 2. Function version 2 is already included in routing configuration.'));
    await rejectsWith(client.send(new UpdateAliasCommand({ FunctionName: 'fn', Name: 'moving', FunctionVersion: '7', RoutingConfig: {} })), notFound('fn', '7'));
    const swapped = await client.send(new UpdateAliasCommand({ FunctionName: 'fn', Name: 'moving', FunctionVersion: '2', ...weights({ 1: 0.9 }) }));
    assert.deepEqual([swapped.FunctionVersion, swapped.RoutingConfig], ['2', { AdditionalVersionWeights: { 1: 0.9 } }]);
  });
});

describe('alias names and missing aliases', () => {
  it('accepts names with digits but not all digits', async () => {
    const dated = await create({ Name: '2024-01-02', Description: 'custom-alias' });
    assert.equal(dated.AliasArn, arnOf('fn', undefined, '2024-01-02'));
    await rejectsWith(create({ Name: '2024' }), validation(
      "Value '2024' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)"));
  });

  it('answers each operation on a missing alias or function as AWS does', async () => {
    await rejectsWith(client.send(new GetAliasCommand({ FunctionName: 'fn', Name: 'non-existent' })), {
      name: 'ResourceNotFoundException', status: 404, type: 'User', message: `Cannot find alias arn: ${arnOf('fn', undefined, 'non-existent')}`,
    });
    await rejectsWith(client.send(new UpdateAliasCommand({ FunctionName: 'fn', Name: 'non-existent' })), {
      name: 'ResourceNotFoundException', status: 404, type: 'User', message: `Alias not found: ${arnOf('fn', undefined, 'non-existent')}`,
    });
    await rejectsWith(client.send(new GetAliasCommand({ FunctionName: 'nofn', Name: 'x' })), notFound('nofn'));
    await rejectsWith(client.send(new ListAliasesCommand({ FunctionName: 'nofn' })), notFound('nofn'));
  });
});
