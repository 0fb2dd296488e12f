import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { GENERATED_FILES, loadModel, renderModel, renderTypes } from '../../scripts/model-source.js';

const root = new URL('../../', import.meta.url);

describe('generated API files', () => {
  const model = loadModel();

  it('cover every operation of the newest model: botocore merged with @aws-sdk/client-lambda', () => {
    assert.equal(Object.keys(model.operations).length, 88);
    assert.deepEqual(
      ['DeleteResourcePolicy', 'GetResourcePolicy', 'PutResourcePolicy'].map((name) => [name, model.operations[name]!.http]),
      [
        ['DeleteResourcePolicy', { method: 'DELETE', requestUri: '/2026-07-09/resource-policy/{ResourceArn}', responseCode: 204 }],
        ['GetResourcePolicy', { method: 'GET', requestUri: '/2026-07-09/resource-policy/{ResourceArn}', responseCode: 200 }],
        ['PutResourcePolicy', { method: 'PUT', requestUri: '/2026-07-09/resource-policy/{ResourceArn}', responseCode: 200 }],
      ],
    );
  });

  it('give new members the constraints AWS documents and keep botocore\'s for existing shapes', () => {
    const put = model.shapes.PutResourcePolicyRequest!;
    assert.deepEqual(put.required, ['ResourceArn', 'Policy']);
    assert.deepEqual(put.members!.ResourceArn, { shape: 'ResourcePolicyResourceArn', location: 'uri', locationName: 'ResourceArn' });
    assert.deepEqual(model.shapes.DeleteResourcePolicyRequest!.members!.RevisionId, { shape: 'ResourcePolicyRevisionId', location: 'querystring', locationName: 'RevisionId' });
    assert.equal(model.shapes.ResourcePolicyDocument!.max, 20480);
    assert.equal(model.shapes.CapacityProviderLoggingConfig!.members!.LogGroup!.shape, 'LogGroup');
    assert.equal(model.shapes.FunctionName!.max, 140);
    for (const runtime of ['nodejs24.x', 'python3.14', 'java25', 'dotnet10']) assert.ok(model.shapes.Runtime!.enum!.includes(runtime), runtime);
  });

  it('match what `npm run generate` would write', () => {
    assert.ok(readFileSync(new URL(GENERATED_FILES.model, root), 'utf8') === renderModel(model), `${GENERATED_FILES.model} is stale: run npm run generate`);
    assert.ok(readFileSync(new URL(GENERATED_FILES.types, root), 'utf8') === renderTypes(model), `${GENERATED_FILES.types} is stale: run npm run generate`);
  });
});
