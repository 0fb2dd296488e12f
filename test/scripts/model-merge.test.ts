/** How the generator merges botocore with the SDK, on small hand-made models. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeModels, type RawModel } from '../../scripts/model-source.js';
import type { SdkModel } from '../../scripts/sdk-model.js';

const botocore = (): RawModel => ({
  metadata: {},
  operations: {
    GetThing: { name: 'GetThing', http: { method: 'GET', requestUri: '/2015-03-31/things/{Name}' }, input: { shape: 'GetThingRequest' }, errors: [{ shape: 'NotFound' }] },
    Retired: { name: 'Retired', http: { method: 'GET', requestUri: '/2015-03-31/retired' } },
  },
  shapes: {
    GetThingRequest: { type: 'structure', required: ['Name'], members: { Name: { shape: 'ThingName', location: 'uri', locationName: 'Name' }, Gone: { shape: 'String' } } },
    ThingName: { type: 'string', min: 1, max: 64 },
    String: { type: 'string' },
    Colour: { type: 'string', enum: ['red', 'green'] },
    NotFound: { type: 'structure', members: { message: { shape: 'String' } }, exception: true, error: { httpStatusCode: 404 } },
  },
});

const sdk = (extraMember?: SdkModel['structures'][string]['members'][number]): SdkModel => ({
  version: '0',
  operations: { GetThing: { method: 'GET', requestUri: '/2026-01-01/things/{Name}', status: 200, input: 'GetThingRequest', output: null, errors: ['NotFound'] } },
  structures: {
    GetThingRequest: {
      name: 'GetThingRequest', kind: 'structure', required: ['Name'],
      members: [
        { name: 'Name', target: { kind: 'simple', code: 0 }, binding: { location: 'uri', locationName: 'Name' } },
        ...(extraMember ? [extraMember] : []),
      ],
    },
    NotFound: { name: 'NotFound', kind: 'error', status: 404, required: [], members: [{ name: 'message', target: { kind: 'simple', code: 0 }, binding: {} }] },
  },
  enums: { Colour: ['red', 'green', 'blue'] },
});

describe('model merge', () => {
  it('takes operations, routes, members and enum values from the SDK and constraints from botocore', () => {
    const merged = mergeModels(botocore(), sdk());
    assert.deepEqual(Object.keys(merged.operations), ['GetThing']);
    assert.deepEqual(merged.operations.GetThing!.http, { method: 'GET', requestUri: '/2026-01-01/things/{Name}', responseCode: 200 });
    assert.deepEqual(merged.shapes.GetThingRequest!.members, { Name: { shape: 'ThingName', location: 'uri', locationName: 'Name' } });
    assert.equal(merged.shapes.ThingName!.max, 64);
    assert.deepEqual(merged.shapes.Colour!.enum, ['red', 'green', 'blue']);
  });

  it('refuses a new member it has no shape and constraints for', () => {
    assert.throws(
      () => mergeModels(botocore(), sdk({ name: 'Size', target: { kind: 'simple', code: 1 }, binding: { location: 'querystring', locationName: 'Size' } })),
      { message: 'GetThingRequest.Size is new in the SDK and has no shape: add it to scripts/model-additions.ts with AWS\'s constraints' },
    );
  });

  it('refuses a member whose SDK type does not fit its botocore shape', () => {
    const model = botocore();
    model.shapes.GetThingRequest!.members!.Count = { shape: 'String' };
    assert.throws(
      () => mergeModels(model, sdk({ name: 'Count', target: { kind: 'simple', code: 1 }, binding: {} })),
      { message: 'GetThingRequest.Count: the SDK\'s integer/long/double/float does not fit shape String (string)' },
    );
  });
});
