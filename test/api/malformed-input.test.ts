// Malformed input gets a 400, never a 500: query integers that are not integers, and explicit nulls in
// JSON bodies (which read as absent, as AWS's deserializer reads them).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetFunctionConfigurationCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { rawRequest } from '../support/raw-request.js';
import { makeZip, NODE_ECHO } from '../support/zip.js';
import { ROLE, createEcho } from './functions/fixtures.js';

const server = await startLambkin();
const client = server.client();
const zip = await makeZip(NODE_ECHO);
await createEcho(client, 'target', { Environment: { Variables: { KEPT: 'yes' } } });

const send = (method: string, path: string, body?: unknown) => rawRequest(server.url, {
  method, path, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
});

function assertError(res: { status: number; headers: Record<string, unknown>; json(): unknown }, type: string, message: string, label: string): void {
  assert.equal(res.status, 400, label);
  assert.equal(res.headers['x-amzn-errortype'], type, label);
  assert.equal((res.json() as { message: string }).message, message, label);
}

describe('query integers that are not integers', () => {
  const lists = [
    '/2015-03-31/functions/?MaxItems=',
    '/2015-03-31/functions/target/versions?MaxItems=',
    '/2019-09-25/functions/target/event-invoke-config/list?MaxItems=',
  ];

  it('ListFunctions, ListVersionsByFunction and ListFunctionEventInvokeConfigs answer 400 SerializationException', async () => {
    for (const list of lists) {
      for (const value of ['abc', '1.5', 'NaN', '%00', '', '1e3', '0x10', '2147483648', ' 5']) {
        assertError(await send('GET', `${list}${value}`), 'SerializationException', 'STRING_VALUE can not be converted to an Integer', `${list}${value}`);
      }
    }
  });

  it('integers out of the model\'s range are still validation errors, and good ones still work', async () => {
    assertError(await send('GET', `${lists[0]}0`), 'ValidationException',
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1", 'zero');
    assertError(await send('GET', `${lists[2]}51`), 'ValidationException',
      "1 validation error detected: Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50", 'over');
    const listed = await client.send(new ListFunctionsCommand({ MaxItems: 1 }));
    assert.deepEqual(listed.Functions?.map((f) => f.FunctionName), ['target']);
  });

  it('a query boolean that is not true or false is malformed too', async () => {
    const arn = encodeURIComponent('arn:aws:lambda:us-east-1:000000000000:function:target:$LATEST/durable-execution/run/id');
    assertError(await send('GET', `/2025-12-01/durable-executions/${arn}/history?ReverseOrder=maybe`),
      'SerializationException', 'STRING_VALUE can not be converted to a Boolean', 'ReverseOrder');
  });
});

describe('explicit nulls read as absent', () => {
  it('"Environment": null on CreateFunction creates the function without an environment', async () => {
    const res = await send('POST', '/2015-03-31/functions', {
      FunctionName: 'null-env', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zip.toString('base64') }, Environment: null,
    });
    assert.equal(res.status, 201, res.body.toString());
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'null-env' }));
    assert.equal(config.Environment, undefined);
  });

  it('"Environment": null on UpdateFunctionConfiguration leaves the environment as it was', async () => {
    const res = await send('PUT', '/2015-03-31/functions/target/configuration', { Environment: null, Description: 'after null' });
    assert.equal(res.status, 200, res.body.toString());
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'target' }));
    assert.deepEqual(config.Environment, { Variables: { KEPT: 'yes' } });
    assert.equal(config.Description, 'after null');
  });

  it('every optional member of UpdateFunctionConfiguration may be null', async () => {
    for (const member of ['DeadLetterConfig', 'Layers', 'LoggingConfig', 'SnapStart', 'VpcConfig', 'TracingConfig', 'EphemeralStorage',
      'FileSystemConfigs', 'ImageConfig', 'KMSKeyArn', 'Runtime', 'Timeout', 'MemorySize']) {
      const res = await send('PUT', '/2015-03-31/functions/target/configuration', { [member]: null });
      assert.equal(res.status, 200, `${member}: ${res.body.toString()}`);
    }
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'target' }));
    assert.equal(config.Timeout, 3);
    assert.equal(config.Runtime, 'nodejs20.x');
  });

  it('"ZipFile": null on UpdateFunctionCode and in PublishLayerVersion\'s Content is no code source', async () => {
    assertError(await send('PUT', '/2015-03-31/functions/target/code', { ZipFile: null }),
      'InvalidParameterValueException', 'Please provide a source for function code.', 'UpdateFunctionCode');
    assertError(await send('POST', '/2018-10-31/layers/nulls/versions', { Content: { ZipFile: null } }),
      'InvalidParameterValueException', 'Please provide a source for function code.', 'PublishLayerVersion');
  });

  it('a null inside a list or map is still refused by validation', async () => {
    assertError(await send('PUT', '/2015-03-31/functions/target/configuration', { Environment: { Variables: { A1: null } } }), 'ValidationException',
      "1 validation error detected: Value '{A1=null}' at 'environment.variables' failed to satisfy constraint: Map value must satisfy constraint: [Member must not be null]",
      'map value');
  });
});
