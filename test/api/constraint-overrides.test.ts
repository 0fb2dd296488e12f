// Where AWS checks newer constraints than the model (the override table), Lambkin's message is the
// recorded one, word for word.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  CreateFunctionCommand, GetFunctionConfigurationCommand, GetLayerVersionByArnCommand, UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { CONSTRAINT_OVERRIDES } from '../../src/api/constraint-overrides.js';
import { findViolations, formatViolations } from '../../src/api/validate.js';
import { startLambkin } from '../support/server.js';
import { makeZip, NODE_ECHO } from '../support/zip.js';
import { rejectsWith, validation } from './functions/fixtures.js';

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
  it('every override names recordings that exist and are validation errors, or AWS\'s published answer', () => {
    for (const [shape, override] of Object.entries(CONSTRAINT_OVERRIDES)) {
      assert.ok((override.recorded?.length ?? 0) + (override.observed?.length ?? 0) > 0, `${shape} names no evidence`);
      for (const path of override.recorded ?? []) assert.equal(recorded(path).code, 'ValidationException', path);
    }
  });

  it('each published answer is what Lambkin says for the same value', () => {
    const required: Record<string, Record<string, unknown>> = {
      CreateFunction: { FunctionName: 'f', Role: ROLE, Code: {} }, UpdateFunctionConfiguration: { FunctionName: 'f' },
    };
    for (const override of Object.values(CONSTRAINT_OVERRIDES)) {
      for (const { operation, message } of override.observed ?? []) {
        const [, value, path] = /Value '(\d+)' at '(\w+)'/.exec(message)!;
        const member = path!.charAt(0).toUpperCase() + path!.slice(1);
        assert.equal(formatViolations(findViolations(operation, { ...required[operation], [member]: Number(value) })), message);
      }
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

  it('Timeout stops at 900 seconds and MemorySize at 10240 MB on CreateFunction and UpdateFunctionConfiguration', async () => {
    const server = await startLambkin();
    const client = server.client('111111111111');
    const Code = { ZipFile: await makeZip(NODE_ECHO) };
    const create = (FunctionName: string, extra: Record<string, number>) => client.send(new CreateFunctionCommand({
      FunctionName, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code, ...extra,
    }));
    const timeoutOver = (v: number) => validation(`Value '${v}' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900`);
    const memoryOver = (v: number) => validation(`Value '${v}' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240`);
    await rejectsWith(create('too-long', { Timeout: 100000 }), timeoutOver(100000));
    await rejectsWith(create('too-big', { MemorySize: 20000 }), memoryOver(20000));
    await rejectsWith(create('both', { Timeout: 901, MemorySize: 10241 }), validation(
      "Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900",
      "Value '10241' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240"));
    await rejectsWith(create('too-small', { MemorySize: 127 }),
      validation("Value '127' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128"));
    const created = await create('at-the-limits', { Timeout: 900, MemorySize: 10240 });
    assert.equal(created.Timeout, 900);
    assert.equal(created.MemorySize, 10240);
    const update = (extra: Record<string, number>) => client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'at-the-limits', ...extra }));
    await rejectsWith(update({ Timeout: 901 }), timeoutOver(901));
    await rejectsWith(update({ MemorySize: 10241 }), memoryOver(10241));
    const unchanged = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'at-the-limits' }));
    assert.equal(unchanged.Timeout, 900);
    assert.equal(unchanged.MemorySize, 10240);
    await server.stop();
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
