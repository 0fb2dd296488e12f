/** The wire itself: headers, status codes, error bodies, and the front door's own errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startLambkin } from '../support/server.js';
import { rawRequest } from '../support/raw-request.js';

const server = await startLambkin();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('wire format', () => {
  it('answers with the model\'s status, a request id and JSON', async () => {
    const res = await rawRequest(server.url, { path: '/2015-03-31/functions/' });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['x-amzn-requestid']), UUID);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.deepEqual(res.json(), { Functions: [] });
  });

  it('sends errors with x-amzn-ErrorType and the shape\'s member casing', async () => {
    const missing = await rawRequest(server.url, { path: '/2015-03-31/functions/nope' });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['x-amzn-errortype'], 'ResourceNotFoundException');
    assert.match(String(missing.headers['x-amzn-requestid']), UUID);
    assert.deepEqual(missing.json(), { Type: 'User', Message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope' });
    const invalid = await rawRequest(server.url, { path: '/2015-03-31/functions/nope/versions?Marker=%21' });
    assert.equal(invalid.headers['x-amzn-errortype'] !== undefined, true);
    const bad = await rawRequest(server.url, { path: '/2015-03-31/functions/?MaxItems=0' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers['x-amzn-errortype'], 'ValidationException');
    assert.deepEqual(bad.json(), { message: "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1" });
  });

  it('answers an unknown path with UnknownOperationException', async () => {
    const res = await rawRequest(server.url, { path: '/2015-03-31/nothing-here' });
    assert.equal(res.status, 404);
    assert.equal(res.headers['x-amzn-errortype'], 'UnknownOperationException');
    assert.deepEqual(res.json(), { message: 'Unknown operation GET /2015-03-31/nothing-here' });
  });

  it('answers malformed JSON with InvalidRequestContentException in Jackson\'s words', async () => {
    const res = await rawRequest(server.url, {
      method: 'POST', path: '/2015-03-31/functions', body: '{"FunctionName": nope}', headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers['x-amzn-errortype'], 'InvalidRequestContentException');
    assert.deepEqual(res.json(), {
      Type: 'User',
      message: "Could not parse request body into json: Unrecognized token 'nope': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (byte[])\"{\"FunctionName\": nope}\"; line: 1, column: 22]",
    });
  });

  it('answers 501 naming an operation Lambkin does not implement', async () => {
    const res = await rawRequest(server.url, {
      method: 'POST', path: '/2025-11-30/capacity-providers', body: '{"CapacityProviderName":"cp","VpcConfig":{"SubnetIds":["subnet-1"],"SecurityGroupIds":["sg-1"]},"PermissionsConfig":{"CapacityProviderOperatorRoleArn":"arn:aws:iam::000000000000:role/r"}}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 501);
    assert.equal(res.headers['x-amzn-errortype'], 'NotImplementedException');
    assert.deepEqual(res.json(), { message: 'Lambkin does not implement the CreateCapacityProvider operation yet.' });
  });

  it('routes every operation of the model', async () => {
    const { MODEL } = await import('../../src/model/model.generated.js');
    const { matchRoute } = await import('../../src/api/router.js');
    const operations = Object.entries(MODEL.operations);
    assert.equal(operations.length, 88);
    for (const [name, spec] of operations) {
      const path = spec.path.replace(/\{[^}]+\}/g, 'x');
      const match = matchRoute(spec.method, path, new URLSearchParams(spec.query));
      assert.equal(match?.operation, name, `${spec.method} ${path}`);
    }
  });
});
