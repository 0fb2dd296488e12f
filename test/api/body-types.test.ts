// JSON of the wrong type for the model's shape is refused before validation with 400 SerializationException.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkBodyTypes } from '../../src/api/body-types.js';
import { LambdaError } from '../../src/errors/base.js';
import { startLambkin } from '../support/server.js';
import { rawRequest } from '../support/raw-request.js';

const base = { FunctionName: 'fn', Role: 'arn:aws:iam::000000000000:role/r', Runtime: 'nodejs20.x', Handler: 'index.handler', Code: {} };

function refusal(body: Record<string, unknown>, shape = 'CreateFunctionRequest'): string | undefined {
  try {
    checkBodyTypes(body, shape);
    return undefined;
  } catch (err) {
    assert.ok(err instanceof LambdaError);
    assert.equal(err.code, 'SerializationException');
    assert.equal(err.status, 400);
    assert.deepEqual(Object.keys(err.body()), ['message']);
    return err.message;
  }
}

describe('body types against the model', () => {
  it('scalars of the wrong type', () => {
    assert.equal(refusal({ ...base, MemorySize: 'big' }), 'STRING_VALUE can not be converted to an Integer');
    assert.equal(refusal({ ...base, MemorySize: '512' }), 'STRING_VALUE can not be converted to an Integer');
    assert.equal(refusal({ ...base, Timeout: true }), 'BOOLEAN_VALUE can not be converted to an Integer');
    assert.equal(refusal({ ...base, Timeout: 1.5 }), 'NUMBER_VALUE can not be converted to an Integer');
    assert.equal(refusal({ ...base, Timeout: 2 ** 31 }), 'NUMBER_VALUE can not be converted to an Integer');
    assert.equal(refusal({ ...base, Publish: 'yes' }), 'STRING_VALUE can not be converted to a Boolean');
    assert.equal(refusal({ ...base, Description: 5 }), 'NUMBER_VALUE can not be converted to a String');
    assert.equal(refusal({ ...base, Code: { ZipFile: 7 } }), 'NUMBER_VALUE can not be converted to a ByteBuffer');
    assert.equal(refusal({ ...base, TracingConfig: 5 }), 'NUMBER_VALUE can not be converted to a Structure');
    assert.equal(refusal({ ...base, Layers: 'arn' }), 'STRING_VALUE can not be converted to a List');
    assert.equal(refusal({ ...base, Environment: { Variables: { A: 1 } } }), 'NUMBER_VALUE can not be converted to a String');
  });

  it('lists and objects where they do not belong', () => {
    assert.equal(refusal({ ...base, Environment: { Variables: [['A', 'b']] } }), 'Start of list found where not expected');
    assert.equal(refusal({ ...base, MemorySize: [128] }), 'Start of list found where not expected');
    assert.equal(refusal({ ...base, Handler: { name: 'x' } }), 'Start of structure or map found where not expected.');
    assert.equal(refusal({ ...base, Layers: [{ Arn: 'x' }] }), 'Start of structure or map found where not expected.');
  });

  it('accepts well-typed bodies, explicit nulls and members it does not know', () => {
    assert.equal(refusal({
      ...base, MemorySize: 512, Timeout: 3, Publish: false, Layers: ['a'], Environment: { Variables: { A1: 'x' } },
      TracingConfig: null, Description: null, Unknown: [1, { a: true }],
    }), undefined);
    assert.equal(refusal({ Content: { ZipFile: 'UEs=' }, CompatibleRuntimes: ['nodejs20.x'] }, 'PublishLayerVersionRequest'), undefined);
  });
});

describe('on the wire', async () => {
  const server = await startLambkin();
  const send = (method: string, path: string, body: unknown) => rawRequest(server.url, {
    method, path, body: JSON.stringify(body), headers: { 'content-type': 'application/json' },
  });

  it('CreateFunction, UpdateFunctionConfiguration, TagResource and PutFunctionConcurrency answer 400 SerializationException', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/2015-03-31/functions', { ...base, MemorySize: 'big' }, 'STRING_VALUE can not be converted to an Integer'],
      ['PUT', '/2015-03-31/functions/fn/configuration', { Timeout: true }, 'BOOLEAN_VALUE can not be converted to an Integer'],
      ['POST', '/2017-03-31/tags/arn:aws:lambda:us-east-1:000000000000:function:fn', { Tags: ['a', 'b'] }, 'Start of list found where not expected'],
      ['PUT', '/2017-10-31/functions/fn/concurrency', { ReservedConcurrentExecutions: '5' }, 'STRING_VALUE can not be converted to an Integer'],
    ];
    for (const [method, path, body, message] of cases) {
      const res = await send(method, path, body);
      assert.equal(res.status, 400, path);
      assert.equal(res.headers['x-amzn-errortype'], 'SerializationException');
      assert.deepEqual(res.json(), { message });
    }
  });

  it('a well-typed body still meets the constraint checks', async () => {
    const res = await send('POST', '/2015-03-31/functions', { ...base, MemorySize: 127 });
    assert.equal(res.status, 400);
    assert.equal(res.headers['x-amzn-errortype'], 'ValidationException');
  });
});
