// Where AWS checks newer constraints than the model (the override table), Lambkin's message is the
// recorded one, word for word.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CreateFunctionCommand, GetLayerVersionByArnCommand } from '@aws-sdk/client-lambda';
import { CONSTRAINT_OVERRIDES } from '../../src/api/constraint-overrides.js';
import { findViolations, formatViolations } from '../../src/api/validate.js';
import { startLambkin } from '../support/server.js';
import { makeZip, NODE_ECHO } from '../support/zip.js';
import { rejectsWith } from './functions/fixtures.js';

interface RecordedError { path: string; code: string; msg: string; status: number }

const RECORDED = new Map(readFileSync('/work/shared/reference/aws-recorded/api-errors.jsonl', 'utf8').split('\n').filter(Boolean)
  .map((line) => JSON.parse(line) as RecordedError).map((e) => [e.path, e]));

const LAYER = 'overridden';
/** The recording with its placeholders filled in as the request below names them. */
function recorded(path: string): RecordedError {
  const error = RECORDED.get(path);
  assert.ok(error, `no recording ${path}`);
  return {
    ...error,
    msg: error.msg.replaceAll('<partition>', 'aws').replaceAll('<region>', 'us-east-1').replaceAll('<resource:1>', LAYER),
  };
}

const ADD_LAYER = 'TestLambdaLayer::test_layer_function_exceptions/add_layer_arn_without_version_exc';
const BY_ARN = 'TestLambdaLayer::test_layer_exceptions/get_layer_version_by_arn_exc_invalidarn';
const UNVERSIONED = `arn:aws:lambda:us-east-1:111111111111:layer:${LAYER}`;
const ROLE = 'arn:aws:iam::111111111111:role/r';

describe('constraint overrides', () => {
  it('every override names recordings that exist and are validation errors', () => {
    for (const override of Object.values(CONSTRAINT_OVERRIDES)) {
      for (const path of override.recorded) assert.equal(recorded(path).code, 'ValidationException', path);
    }
  });

  it('a layer list and GetLayerVersionByArn word their failures as AWS does', () => {
    assert.equal(formatViolations(findViolations('CreateFunction', { FunctionName: 'f', Role: ROLE, Code: {}, Layers: [UNVERSIONED] })),
      recorded(ADD_LAYER).msg);
    assert.equal(formatViolations(findViolations('GetLayerVersionByArn', { Arn: UNVERSIONED })), recorded(BY_ARN).msg);
  });

  it('layer ARNs longer than the model\'s 140 characters are not refused by validation', () => {
    const long = `arn:aws:lambda:us-east-1:111111111111:layer:${'l'.repeat(200)}:1`;
    assert.deepEqual(findViolations('GetLayerVersionByArn', { Arn: long }), []);
    assert.deepEqual(findViolations('CreateFunction', { FunctionName: 'f', Role: ROLE, Code: {}, Layers: [long] }), []);
    assert.equal(findViolations('GetLayerVersionByArn', { Arn: `${long}${'0'.repeat(2048 - long.length + 1)}` }).length, 1);
  });

  it('through the API, with the recorded status and message', async () => {
    const server = await startLambkin();
    const client = server.client('111111111111');
    const byArn = recorded(BY_ARN);
    await rejectsWith(client.send(new GetLayerVersionByArnCommand({ Arn: UNVERSIONED })),
      { name: byArn.code, status: byArn.status, message: byArn.msg });
    const addLayer = recorded(ADD_LAYER);
    await rejectsWith(client.send(new CreateFunctionCommand({
      FunctionName: 'with-bad-layer', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
      Code: { ZipFile: await makeZip(NODE_ECHO) }, Layers: [UNVERSIONED],
    })), { name: addLayer.code, status: addLayer.status, message: addLayer.msg });
    await server.stop();
  });
});
