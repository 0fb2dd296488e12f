/** Recursion and runtime management configs (recorded: TestLambdaRecursion::*). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateFunctionCommand, DeleteFunctionCommand, GetFunctionRecursionConfigCommand, GetRuntimeManagementConfigCommand,
  PublishVersionCommand, PutFunctionRecursionConfigCommand, PutRuntimeManagementConfigCommand, type RecursiveLoop,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { ROLE, arnOf, createEcho, echoZip, invalidParameter, notFound, rejectsWith, validation } from '../functions/fixtures.js';
import { settled } from '../versions/helpers.js';

const server = await startLambkin();
const client = server.client();

const RUNTIME_VERSION = 'arn:aws:lambda:us-east-1::runtime:8eeff65f6809a3ce81507fe733fe09b835899b99481ba22fd75b5a7338290ec1';
const getRecursion = (FunctionName: string) => client.send(new GetFunctionRecursionConfigCommand({ FunctionName }));
const putRecursion = (FunctionName: string, RecursiveLoop: string) =>
  client.send(new PutFunctionRecursionConfigCommand({ FunctionName, RecursiveLoop: RecursiveLoop as RecursiveLoop }));
const getRuntime = (FunctionName: string, Qualifier?: string) =>
  client.send(new GetRuntimeManagementConfigCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}) }));

/** The answer without the SDK's metadata. */
function body<T extends { $metadata?: unknown }>(out: T): Omit<T, '$metadata'> {
  const { $metadata: _m, ...rest } = out;
  return rest;
}

await createEcho(client, 'fn');

describe('recursion config', () => {
  it('defaults to Terminate and keeps Allow', async () => {
    const initial = await getRecursion('fn');
    assert.equal(initial.$metadata.httpStatusCode, 200);
    assert.deepEqual(body(initial), { RecursiveLoop: 'Terminate' });
    const put = await putRecursion('fn', 'Allow');
    assert.equal(put.$metadata.httpStatusCode, 200);
    assert.deepEqual(body(put), { RecursiveLoop: 'Allow' });
    assert.deepEqual(body(await getRecursion(arnOf('fn'))), { RecursiveLoop: 'Allow' });
  });

  it('refuses what AWS refuses', async () => {
    await rejectsWith(putRecursion('fn', 'InvalidValue'), validation(
      "Value 'InvalidValue' at 'recursiveLoop' failed to satisfy constraint: Member must satisfy enum value set: [Terminate, Allow]"));
    await rejectsWith(putRecursion('doesnotexist', 'Allow'), notFound('doesnotexist'));
    await rejectsWith(getRecursion('doesnotexist'), notFound('doesnotexist'));
    assert.deepEqual(body(await getRecursion('fn')), { RecursiveLoop: 'Allow' });
  });
});

describe('runtime management config', () => {
  it('defaults to Auto, reported under the function ARN', async () => {
    assert.deepEqual(body(await getRuntime('fn')), { UpdateRuntimeOn: 'Auto', FunctionArn: arnOf('fn') });
    assert.deepEqual(body(await getRuntime('fn', '$LATEST')), { UpdateRuntimeOn: 'Auto', FunctionArn: arnOf('fn') });
  });

  it('pins a runtime version in Manual mode and forgets it in the others', async () => {
    const manual = await client.send(new PutRuntimeManagementConfigCommand({
      FunctionName: 'fn', UpdateRuntimeOn: 'Manual', RuntimeVersionArn: RUNTIME_VERSION,
    }));
    assert.equal(manual.$metadata.httpStatusCode, 200);
    assert.deepEqual(body(manual), { UpdateRuntimeOn: 'Manual', FunctionArn: arnOf('fn'), RuntimeVersionArn: RUNTIME_VERSION });
    assert.deepEqual(body(await getRuntime('fn')), { UpdateRuntimeOn: 'Manual', RuntimeVersionArn: RUNTIME_VERSION, FunctionArn: arnOf('fn') });
    const onUpdate = await client.send(new PutRuntimeManagementConfigCommand({ FunctionName: 'fn', UpdateRuntimeOn: 'FunctionUpdate' }));
    assert.deepEqual(body(onUpdate), { UpdateRuntimeOn: 'FunctionUpdate', FunctionArn: arnOf('fn') });
    assert.deepEqual(body(await getRuntime('fn')), { UpdateRuntimeOn: 'FunctionUpdate', FunctionArn: arnOf('fn') });
  });

  it('is kept per version', async () => {
    await settled(client, 'fn');
    const version = (await client.send(new PublishVersionCommand({ FunctionName: 'fn' }))).Version!;
    assert.deepEqual(body(await getRuntime('fn', version)), { UpdateRuntimeOn: 'Auto', FunctionArn: arnOf('fn', undefined, version) });
    await client.send(new PutRuntimeManagementConfigCommand({
      FunctionName: 'fn', Qualifier: version, UpdateRuntimeOn: 'Manual', RuntimeVersionArn: RUNTIME_VERSION,
    }));
    assert.deepEqual(body(await getRuntime(arnOf('fn', undefined, version))), {
      UpdateRuntimeOn: 'Manual', RuntimeVersionArn: RUNTIME_VERSION, FunctionArn: arnOf('fn', undefined, version),
    });
    assert.equal((await getRuntime('fn')).UpdateRuntimeOn, 'FunctionUpdate');
  });

  it('refuses what it cannot apply', async () => {
    await rejectsWith(client.send(new PutRuntimeManagementConfigCommand({ FunctionName: 'fn', UpdateRuntimeOn: 'Manual' })),
      invalidParameter('RuntimeVersionArn must be specified when UpdateRuntimeOn is Manual.'));
    await rejectsWith(getRuntime('doesnotexist'), notFound('doesnotexist'));
    await rejectsWith(getRuntime('fn', '99'), notFound('fn', '99'));
  });
});

describe('per-function settings', () => {
  it('go with the function', async () => {
    await createEcho(client, 'gone');
    await putRecursion('gone', 'Allow');
    await client.send(new PutRuntimeManagementConfigCommand({ FunctionName: 'gone', UpdateRuntimeOn: 'FunctionUpdate' }));
    await client.send(new DeleteFunctionCommand({ FunctionName: 'gone' }));
    await client.send(new CreateFunctionCommand({
      FunctionName: 'gone', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: await echoZip() },
    }));
    assert.deepEqual(body(await getRecursion('gone')), { RecursiveLoop: 'Terminate' });
    assert.equal((await getRuntime('gone')).UpdateRuntimeOn, 'Auto');
  });
});
