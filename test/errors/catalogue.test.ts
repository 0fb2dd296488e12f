import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODEL } from '../../src/model/model.generated.js';
import { MODEL_EXCEPTIONS, ResourceNotFoundException, InvalidParameterValueException } from '../../src/errors/catalogue.js';
import { loadModel } from '../../scripts/model-source.js';
import { loadSdkModel } from '../../scripts/sdk-model.js';

describe('error catalogue', () => {
  const raw = loadModel();
  const modelErrors = Object.entries(raw.shapes).filter(([, s]) => s.exception);

  it('has one class per exception of the model, with its status and message casing', () => {
    assert.deepEqual(MODEL_EXCEPTIONS.map((c) => c.code).sort(), modelErrors.map(([name]) => name).sort());
    for (const [name, shape] of modelErrors) {
      const errorClass = MODEL_EXCEPTIONS.find((c) => c.code === name)!;
      assert.equal(errorClass.status, shape.error!.httpStatusCode, name);
      const casing = Object.keys(shape.members ?? {}).find((m) => m === 'Message' || m === 'message');
      assert.equal(errorClass.casing, casing ?? 'message', name);
      assert.equal(MODEL.shapes[name]!.status, errorClass.status, name);
    }
  });

  it('says User for the model\'s client faults and Service for its server faults', () => {
    const sdk = loadSdkModel();
    for (const errorClass of MODEL_EXCEPTIONS) {
      const fault = sdk.structures[errorClass.code]!.fault;
      assert.equal(new errorClass('x').body().Type, fault === 'server' ? 'Service' : 'User', errorClass.code);
    }
  });

  it('renders AWS\'s body: Type for client errors, the message under the shape\'s casing', () => {
    assert.deepEqual(new ResourceNotFoundException('gone').body(), { Type: 'User', Message: 'gone' });
    assert.deepEqual(new InvalidParameterValueException('bad').body(), { Type: 'User', message: 'bad' });
    assert.equal(new ResourceNotFoundException('gone').status, 404);
  });
});
