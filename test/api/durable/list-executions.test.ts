/** ListDurableExecutionsByFunction: each filter alone, their order and paging, and the functions it can name. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateAliasCommand, CreateFunctionCommand, GetDurableExecutionCommand, GetFunctionConfigurationCommand,
  ListDurableExecutionsByFunctionCommand, PublishVersionCommand, type ListDurableExecutionsByFunctionCommandInput,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { makeZip, NODE_ECHO } from '../../support/zip.js';
import { invalidParameter, notFound, rejectsWith, validation } from '../functions/fixtures.js';
import { ROLE, callbackIdOf, createWorkflow, ended, eventually, functionArn, startAsync } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();

const BY_MODE = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  const mode = await context.step('mode', async () => event.mode);
  if (mode === 'fail') throw new Error('asked to fail');
  if (mode === 'hold') await (await context.createCallback('hold'))[0];
  return mode;
});
`;

await createWorkflow(lambda, 'lister', BY_MODE);
/** One at a time, each settled before the next starts, so their start times differ and their statuses are known. */
async function started(mode: string, name: string, Qualifier = '$LATEST') {
  const arn = await startAsync(lambda, 'lister', { mode }, { DurableExecutionName: name, Qualifier });
  if (mode === 'hold') await callbackIdOf(lambda, arn);
  else await ended(lambda, arn);
  return lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
}
const e1 = await started('ok', 'e1');
const e2 = await started('fail', 'e2');
const e3 = await started('hold', 'e3');
const e4 = await started('ok', 'e4');
await eventually('lister to settle', async () => {
  const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'lister' }));
  return config.State === 'Active' && config.LastUpdateStatus === 'Successful' ? config : undefined;
});
await lambda.send(new PublishVersionCommand({ FunctionName: 'lister' }));
await lambda.send(new CreateAliasCommand({ FunctionName: 'lister', Name: 'live', FunctionVersion: '1' }));
const v1 = await started('ok', 'on-version-1', '1');

/** The executions of $LATEST unless the input says otherwise: the filters are tested on those four. */
const list = async (input: Omit<ListDurableExecutionsByFunctionCommandInput, 'FunctionName'> & { FunctionName?: string } = {}) =>
  lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'lister', Qualifier: '$LATEST', ...input }));
const names = async (input: Parameters<typeof list>[0] = {}) => {
  const out = await list(input);
  assert.equal(out.NextMarker, undefined);
  return out.DurableExecutions!.map((e) => e.DurableExecutionName);
};
const midway = (a: typeof e1, b: typeof e1) => new Date((a.StartTimestamp!.getTime() + b.StartTimestamp!.getTime()) / 2);

describe('ListDurableExecutionsByFunction', { concurrency: true }, () => {
  it('answers the executions of $LATEST newest first, each with its summary members', async () => {
    const out = await list({ Qualifier: '$LATEST' });
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.equal(out.NextMarker, undefined);
    assert.deepEqual(out.DurableExecutions, [e4, e3, e2, e1].map((e) => ({
      DurableExecutionArn: e.DurableExecutionArn,
      DurableExecutionName: e.DurableExecutionName,
      FunctionArn: functionArn('lister:$LATEST'),
      Status: e.Status,
      StartTimestamp: e.StartTimestamp,
      ...(e.EndTimestamp ? { EndTimestamp: e.EndTimestamp } : {}),
    })));
    assert.deepEqual([e1, e2, e3, e4].map((e) => e.Status), ['SUCCEEDED', 'FAILED', 'RUNNING', 'SUCCEEDED']);
  });

  it('without a qualifier answers the executions of every version', async () => {
    assert.deepEqual(await names({ Qualifier: undefined }), ['on-version-1', 'e4', 'e3', 'e2', 'e1']);
    assert.deepEqual(await names({ Qualifier: undefined, FunctionName: functionArn('lister') }), ['on-version-1', 'e4', 'e3', 'e2', 'e1']);
    assert.deepEqual(await names({ Qualifier: undefined, Statuses: ['SUCCEEDED'] }), ['on-version-1', 'e4', 'e1']);
  });

  it('with ReverseOrder answers oldest first', async () => {
    assert.deepEqual(await names({ ReverseOrder: true }), ['e1', 'e2', 'e3', 'e4']);
  });

  it('pages by MaxItems and NextMarker', async () => {
    const first = await list({ MaxItems: 3 });
    assert.deepEqual(first.DurableExecutions!.map((e) => e.DurableExecutionName), ['e4', 'e3', 'e2']);
    assert.equal(typeof first.NextMarker, 'string');
    const second = await list({ MaxItems: 3, Marker: first.NextMarker });
    assert.deepEqual(second.DurableExecutions!.map((e) => e.DurableExecutionName), ['e1']);
    assert.equal(second.NextMarker, undefined);
    await rejectsWith(list({ Marker: 'not-a-marker' }), invalidParameter('Invalid Marker'));
    // 0 is the default page of 100; the model's range is 0..1000.
    assert.equal((await list({ MaxItems: 0 })).DurableExecutions!.length, 4);
    await rejectsWith(list({ MaxItems: 1001 }), validation("Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000"));
  });

  it('filters by one status; two are refused', async () => {
    assert.deepEqual(await names({ Statuses: ['SUCCEEDED'] }), ['e4', 'e1']);
    assert.deepEqual(await names({ Statuses: ['FAILED'] }), ['e2']);
    assert.deepEqual(await names({ Statuses: ['RUNNING'] }), ['e3']);
    assert.deepEqual(await names({ Statuses: ['STOPPED'] }), []);
    await rejectsWith(list({ Statuses: ['SUCCEEDED', 'FAILED'] }), invalidParameter('Cannot filter by more than one status'));
  });

  it('filters by name', async () => {
    assert.deepEqual(await names({ DurableExecutionName: 'e2' }), ['e2']);
    assert.deepEqual(await names({ DurableExecutionName: 'nobody' }), []);
  });

  it('filters by start time', async () => {
    assert.deepEqual(await names({ StartedAfter: midway(e2, e3) }), ['e4', 'e3']);
    assert.deepEqual(await names({ StartedBefore: midway(e2, e3) }), ['e2', 'e1']);
    assert.deepEqual(await names({ StartedAfter: midway(e1, e2), StartedBefore: midway(e3, e4) }), ['e3', 'e2']);
    assert.deepEqual(await names({ StartedAfter: new Date(e4.StartTimestamp!.getTime() + 1000) }), []);
  });

  it('answers the executions of a version when asked by Qualifier, alias or a qualified name', async () => {
    const expected = [{
      DurableExecutionArn: v1.DurableExecutionArn, DurableExecutionName: 'on-version-1', FunctionArn: functionArn('lister:1'),
      Status: 'SUCCEEDED', StartTimestamp: v1.StartTimestamp, EndTimestamp: v1.EndTimestamp,
    }];
    assert.deepEqual((await list({ Qualifier: '1' })).DurableExecutions, expected);
    assert.deepEqual((await list({ Qualifier: undefined, FunctionName: functionArn('lister:1') })).DurableExecutions, expected);
    assert.deepEqual((await list({ Qualifier: 'live' })).DurableExecutions, expected);
    assert.deepEqual((await list({ Qualifier: undefined, FunctionName: 'lister:live' })).DurableExecutions, expected);
    assert.deepEqual(await names({ Qualifier: '7' }), []);
  });

  it('of a function that does not exist is ResourceNotFoundException; of a plain function, an empty list', async () => {
    await rejectsWith(list({ FunctionName: 'nosuch', Qualifier: undefined }), notFound('nosuch'));
    await lambda.send(new CreateFunctionCommand({
      FunctionName: 'plain', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: await makeZip(NODE_ECHO) },
    }));
    const out = await list({ FunctionName: 'plain', Qualifier: undefined });
    assert.deepEqual(out.DurableExecutions, []);
    assert.equal(out.NextMarker, undefined);
  });
});
