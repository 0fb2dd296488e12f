/** The callback operations' answers to ids that find nothing, callbacks already done, and heartbeats. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SendDurableExecutionCallbackFailureCommand, SendDurableExecutionCallbackHeartbeatCommand, SendDurableExecutionCallbackSuccessCommand,
  StopDurableExecutionCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { invalidParameter, rejectsWith, validation } from '../functions/fixtures.js';
import { CALLBACK_WORKFLOW, callbackIdOf, createWorkflow, ended, history, startAsync } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();

const CATCHING = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  const [promise] = await context.createCallback('approval');
  try {
    return { got: await promise };
  } catch (err) {
    return { refused: err.message };
  }
});
`;

const CLOSED = { name: 'CallbackTimeoutException', status: 400, type: 'User' as const, message: 'The callback is either timed out or already completed' };
const INVALID_ID = invalidParameter('Invalid callback id');

const success = (CallbackId: string, result = '"yes"') => lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId, Result: Buffer.from(result) }));
const failure = (CallbackId: string) => lambda.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId, Error: { ErrorType: 'Refused', ErrorMessage: 'no thanks' } }));
const heartbeat = (CallbackId: string) => lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId }));

await createWorkflow(lambda, 'waiting', CALLBACK_WORKFLOW);
await createWorkflow(lambda, 'catching', CATCHING);

async function waitingCallback(name = 'waiting') {
  const arn = await startAsync(lambda, name, { at: Date.now() });
  return { arn, callbackId: await callbackIdOf(lambda, arn) };
}

describe('callback operations', { concurrency: true }, () => {
  it('with an id that names no callback answer InvalidParameterValueException', async () => {
    const unknown = Buffer.from('no such callback').toString('base64');
    await rejectsWith(success(unknown), INVALID_ID);
    await rejectsWith(failure(unknown), INVALID_ID);
    await rejectsWith(heartbeat(unknown), INVALID_ID);
  });

  it('with an id outside the model pattern answer ValidationException', async () => {
    await rejectsWith(success('not base64!'), validation("Value 'not base64!' at 'callbackId' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9+/]+={0,2}"));
  });

  it('on a callback already completed answer CallbackTimeoutException, whichever comes second', async () => {
    const { arn, callbackId } = await waitingCallback();
    assert.equal((await success(callbackId, '"first"')).$metadata.httpStatusCode, 200);
    await rejectsWith(success(callbackId, '"second"'), CLOSED);
    await rejectsWith(failure(callbackId), CLOSED);
    await rejectsWith(heartbeat(callbackId), CLOSED);
    const exec = await ended(lambda, arn);
    assert.equal(exec.Status, 'SUCCEEDED');
    assert.equal(JSON.parse(exec.Result!).got, '"first"');
    assert.equal((await history(lambda, arn)).filter((e) => e.EventType === 'CallbackSucceeded').length, 1);
  });

  it('after a failure, the workflow sees the error and a later success is refused', async () => {
    const { arn, callbackId } = await waitingCallback('catching');
    assert.equal((await failure(callbackId)).$metadata.httpStatusCode, 200);
    await rejectsWith(success(callbackId), CLOSED);
    const exec = await ended(lambda, arn);
    assert.deepEqual(JSON.parse(exec.Result!), { refused: 'no thanks' });
    const failed = (await history(lambda, arn)).find((e) => e.EventType === 'CallbackFailed')!;
    assert.deepEqual(failed.CallbackFailedDetails, { Error: { Payload: { ErrorType: 'Refused', ErrorMessage: 'no thanks' } } });
  });

  it('on the callback of a stopped execution answer CallbackTimeoutException', async () => {
    const { arn, callbackId } = await waitingCallback();
    await lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn }));
    await rejectsWith(success(callbackId), CLOSED);
    await rejectsWith(heartbeat(callbackId), CLOSED);
  });

  it('a heartbeat on a callback without a heartbeat timeout is accepted and changes nothing', async () => {
    const { arn, callbackId } = await waitingCallback();
    const before = await history(lambda, arn);
    for (let i = 0; i < 3; i++) assert.equal((await heartbeat(callbackId)).$metadata.httpStatusCode, 200);
    assert.deepEqual(await history(lambda, arn), before);
    await success(callbackId, '"after heartbeats"');
    assert.equal(JSON.parse((await ended(lambda, arn)).Result!).got, '"after heartbeats"');
  });
});
