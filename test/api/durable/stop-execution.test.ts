/** StopDurableExecution: ends a running execution with the error given; an ended one stays as it ended. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetDurableExecutionCommand, InvokeCommand, StopDurableExecutionCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { rejectsWith, validation } from '../functions/fixtures.js';
import { CALLBACK_WORKFLOW, bodyOf, callbackIdOf, createWorkflow, ended, history, startAsync } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();

const QUICK = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => context.step('quick', async () => 'quick'));
`;

await createWorkflow(lambda, 'waiting', CALLBACK_WORKFLOW);
await createWorkflow(lambda, 'quick', QUICK);

const stop = (arn: string, error?: { ErrorType?: string; ErrorMessage?: string }) =>
  lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn, ...(error ? { Error: error } : {}) }));
const get = (arn: string) => lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));

async function running(): Promise<string> {
  const arn = await startAsync(lambda, 'waiting', {});
  await callbackIdOf(lambda, arn);
  return arn;
}

describe('StopDurableExecution', { concurrency: true }, () => {
  it('of a running execution ends it STOPPED with the error given, at the time it answers', async () => {
    const arn = await running();
    const out = await stop(arn, { ErrorType: 'Cancelled', ErrorMessage: 'order withdrawn' });
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.ok(out.StopTimestamp instanceof Date);
    const exec = await get(arn);
    assert.equal(exec.Status, 'STOPPED');
    assert.deepEqual(exec.EndTimestamp, out.StopTimestamp);
    assert.deepEqual(exec.Error, { ErrorType: 'Cancelled', ErrorMessage: 'order withdrawn' });
    assert.equal(exec.Result, undefined);
    const last = (await history(lambda, arn)).at(-1)!;
    assert.equal(last.EventType, 'ExecutionStopped');
    assert.deepEqual(last.EventTimestamp, out.StopTimestamp);
    assert.deepEqual(last.ExecutionStoppedDetails, { Error: { Payload: { ErrorType: 'Cancelled', ErrorMessage: 'order withdrawn' } } });
  });

  it('without an error records an empty one', async () => {
    const arn = await running();
    await stop(arn);
    const exec = await get(arn);
    assert.equal(exec.Status, 'STOPPED');
    assert.deepEqual(exec.Error, {});
    assert.deepEqual((await history(lambda, arn)).at(-1)!.ExecutionStoppedDetails, { Error: { Payload: {} } });
  });

  it('of an execution already ended answers 200 with its original end time and changes nothing', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'quick', Qualifier: '$LATEST', Payload: Buffer.from('{}') }));
    const arn = out.DurableExecutionArn!;
    const before = await get(arn);
    const eventsBefore = await history(lambda, arn);
    const stopped = await stop(arn, { ErrorMessage: 'too late' });
    assert.equal(stopped.$metadata.httpStatusCode, 200);
    assert.deepEqual(stopped.StopTimestamp, before.EndTimestamp);
    const { $metadata: _a, ...after } = await get(arn);
    const { $metadata: _b, ...unchanged } = before;
    assert.deepEqual(after, unchanged);
    assert.equal(after.Status, 'SUCCEEDED');
    assert.deepEqual(await history(lambda, arn), eventsBefore);
  });

  it('twice answers the first stop time again', async () => {
    const arn = await running();
    const first = await stop(arn, { ErrorMessage: 'first' });
    const second = await stop(arn, { ErrorMessage: 'second' });
    assert.deepEqual(second.StopTimestamp, first.StopTimestamp);
    assert.deepEqual((await get(arn)).Error, { ErrorMessage: 'first' });
  });

  it('ends the wait of a synchronous invoke of that execution', async () => {
    const arn = await startAsync(lambda, 'waiting', { sync: true }, { DurableExecutionName: 'stopped-while-waited' });
    const waiting = lambda.send(new InvokeCommand({
      FunctionName: 'waiting', Qualifier: '$LATEST', DurableExecutionName: 'stopped-while-waited', Payload: Buffer.from('{"sync":true}'),
    }));
    await callbackIdOf(lambda, arn);
    await stop(arn, { ErrorType: 'Cancelled', ErrorMessage: 'no longer needed' });
    const out = await waiting;
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, 'Unhandled');
    assert.deepEqual(JSON.parse(bodyOf(out)), { errorType: 'Cancelled', errorMessage: 'no longer needed' });
    assert.equal((await ended(lambda, arn)).Status, 'STOPPED');
  });

  it('of an ARN that names no execution is ResourceNotFoundException; of a malformed one, ValidationException', async () => {
    const arn = await running();
    await rejectsWith(stop(arn.replace(/[^/]+$/, '00000000-0000-0000-0000-000000000000')),
      { name: 'ResourceNotFoundException', status: 404, type: 'User', message: 'Durable Execution does not exist' });
    await rejectsWith(stop('arn:aws:lambda:us-east-1:000000000000:function:waiting:$LATEST'), validation(
      "Value 'arn:aws:lambda:us-east-1:000000000000:function:waiting:$LATEST' at 'durableExecutionArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:([a-zA-Z0-9-]+):lambda:([a-zA-Z0-9-]+):(\\d{12}):function:([a-zA-Z0-9_-]+):(\\$LATEST(?:\\.PUBLISHED)?|[0-9]+)/durable-execution/([a-zA-Z0-9_-]+)/([a-zA-Z0-9_-]+)"));
  });
});
