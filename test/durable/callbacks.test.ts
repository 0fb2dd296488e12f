// Callbacks completed from outside the execution: the test finds the callback id in the history
// (CallbackStarted), as a caller would from the submitter's message, and answers with real clients.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  GetDurableExecutionCommand, InvokeCommand, SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand, SendDurableExecutionCallbackSuccessCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { deployWorkflow, eventInHistory, eventNames, executionWithStatus, historyOf } from '../support/durable-executions.js';

const server = await startLambkin();
after(() => server.stop());
const lambda = server.client();

// `waitForCallback` with a submitter that hands the id to nobody or answers it itself, or `createCallback` with the event's timeouts.
const WORKFLOW = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
import { LambdaClient, SendDurableExecutionCallbackSuccessCommand } from '@aws-sdk/client-lambda';
export const handler = withDurableExecution(async (event, context) => {
  if (event.via === 'submitter') {
    // The submitter answers at once, while this invocation is still running.
    const answer = await context.waitForCallback('self', async (callbackId) => {
      await new LambdaClient({}).send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: new TextEncoder().encode('"from the submitter"') }));
    });
    return { answer };
  }
  if (event.via === 'waitForCallback') {
    const answer = await context.waitForCallback('approval', async () => {});
    return { answer };
  }
  const [promise] = await context.createCallback('approval', event.config);
  return { answer: await promise };
});
`;
await deployWorkflow(lambda, 'callbacks', WORKFLOW);

async function startWaiting(input: object): Promise<{ arn: string; callbackId: string }> {
  const out = await lambda.send(new InvokeCommand({
    FunctionName: 'callbacks', Qualifier: '$LATEST', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(input)),
  }));
  const arn = out.DurableExecutionArn!;
  const started = await eventInHistory(lambda, arn, (e) => e.EventType === 'CallbackStarted');
  const callbackId = started.CallbackStartedDetails!.CallbackId!;
  // The form the callback operations' model accepts, so every client can send it back.
  assert.match(callbackId, /^[A-Za-z0-9+/]+={0,2}$/);
  return { arn, callbackId };
}

const CLOSED = { name: 'CallbackTimeoutException', message: 'The callback is either timed out or already completed' };

test('waitForCallback completed with the AWS CLI: the execution resumes with the result', async () => {
  const { arn, callbackId } = await startWaiting({ via: 'waitForCallback' });
  await promisify(execFile)('aws', [
    'lambda', 'send-durable-execution-callback-success', '--callback-id', callbackId, '--result', '{"approved":true}',
    '--endpoint-url', server.url, '--region', 'us-east-1',
  ], { env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' } });
  const exec = await executionWithStatus(lambda, arn, 'SUCCEEDED');
  // The SDK hands a callback's result to the workflow as the text it was sent.
  assert.deepEqual(JSON.parse(exec.Result!), { answer: '{"approved":true}' });
  const events = await historyOf(lambda, arn);
  const succeeded = events.find((e) => e.EventType === 'CallbackSucceeded')!;
  assert.deepEqual(succeeded.CallbackSucceededDetails, { Result: { Payload: '{"approved":true}' } });
});

test('a callback failed with boto3: the CallbackFailed event keeps the error it sent', async () => {
  const { arn, callbackId } = await startWaiting({ via: 'waitForCallback' });
  const script = [
    'import sys, boto3',
    "lam = boto3.client('lambda', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='secret')",
    "lam.send_durable_execution_callback_failure(CallbackId=sys.argv[2], Error={'ErrorType': 'Declined', 'ErrorMessage': 'sent from boto3'})",
  ].join('\n');
  await promisify(execFile)('python3', ['-c', script, server.url, callbackId]);
  const exec = await executionWithStatus(lambda, arn, 'FAILED');
  assert.equal(exec.Error!.ErrorMessage, 'sent from boto3');
  const failed = (await historyOf(lambda, arn)).find((e) => e.EventType === 'CallbackFailed')!;
  assert.deepEqual(failed.CallbackFailedDetails, { Error: { Payload: { ErrorType: 'Declined', ErrorMessage: 'sent from boto3' } } });
});

test('createCallback completed with the JS SDK: success resumes it; a second answer is refused', async () => {
  const { arn, callbackId } = await startWaiting({ via: 'createCallback' });
  await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('"yes"') }));
  const exec = await executionWithStatus(lambda, arn, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(exec.Result!), { answer: '"yes"' });
  await assert.rejects(lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('"again"') })), CLOSED);
  await assert.rejects(lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId })), CLOSED);
});

test('a callback failure sent with the JS SDK fails the waiting workflow with that error', async () => {
  const { arn, callbackId } = await startWaiting({ via: 'createCallback' });
  const error = { ErrorType: 'Rejected', ErrorMessage: 'the reviewer said no' };
  await lambda.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: error }));
  const exec = await executionWithStatus(lambda, arn, 'FAILED');
  // The SDK raises the failure in the workflow as a CallbackExternalError with the sender's message.
  assert.deepEqual(exec.Error, { ErrorType: 'CallbackExternalError', ErrorMessage: 'the reviewer said no' });
  const events = await historyOf(lambda, arn);
  assert.deepEqual(events.find((e) => e.EventType === 'CallbackFailed')!.CallbackFailedDetails, { Error: { Payload: error } });
  assert.deepEqual(eventNames(events).filter((t) => t !== 'InvocationCompleted'), [
    'ExecutionStarted', 'CallbackStarted:approval', 'CallbackFailed:approval', 'ExecutionFailed',
  ]);
  await assert.rejects(lambda.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: error })), CLOSED);
});

test('an unknown callback id is refused as invalid', async () => {
  await assert.rejects(
    lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: 'bm90LWEtY2FsbGJhY2s', Result: Buffer.from('1') })),
    { name: 'InvalidParameterValueException', message: 'Invalid callback id' },
  );
});

test('heartbeats keep a callback with a heartbeat timeout alive past that timeout', async () => {
  const { arn, callbackId } = await startWaiting({ via: 'createCallback', config: { heartbeatTimeout: { seconds: 4 }, timeout: { seconds: 120 } } });
  const started = (await historyOf(lambda, arn)).find((e) => e.EventType === 'CallbackStarted')!;
  assert.equal(started.CallbackStartedDetails!.HeartbeatTimeout, 4);
  assert.equal(started.CallbackStartedDetails!.Timeout, 120);
  // Beats well inside the heartbeat timeout, for longer than two of them.
  const until = Date.now() + 9000;
  while (Date.now() < until) {
    await lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
    await new Promise((r) => setTimeout(r, 300));
  }
  const running = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
  assert.equal(running.Status, 'RUNNING');
  await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('"kept alive"') }));
  const exec = await executionWithStatus(lambda, arn, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(exec.Result!), { answer: '"kept alive"' });
  assert.equal((await historyOf(lambda, arn)).some((e) => e.EventType === 'CallbackTimedOut'), false);
});

test('a callback nobody answers times out with Callback.Timeout', async () => {
  const { arn, callbackId } = await startWaiting({ via: 'createCallback', config: { timeout: { seconds: 1 } } });
  const exec = await executionWithStatus(lambda, arn, 'FAILED');
  const timedOut = (await historyOf(lambda, arn)).find((e) => e.EventType === 'CallbackTimedOut')!;
  assert.equal(timedOut.Name, 'approval');
  assert.equal(timedOut.CallbackTimedOutDetails!.Error!.Payload!.ErrorType, 'Callback.Timeout');
  assert.equal(exec.Error!.ErrorType, 'CallbackTimeoutError');
  await assert.rejects(lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('"late"') })), CLOSED);
});

test('a callback whose heartbeats stop times out with Callback.Heartbeat', async () => {
  const { arn, callbackId } = await startWaiting({ via: 'createCallback', config: { heartbeatTimeout: { seconds: 3 }, timeout: { seconds: 120 } } });
  await lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
  const exec = await executionWithStatus(lambda, arn, 'FAILED');
  const timedOut = (await historyOf(lambda, arn)).find((e) => e.EventType === 'CallbackTimedOut')!;
  assert.equal(timedOut.CallbackTimedOutDetails!.Error!.Payload!.ErrorType, 'Callback.Heartbeat');
  assert.equal(exec.Error!.ErrorType, 'CallbackTimeoutError');
  await assert.rejects(lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId })), CLOSED);
});

test('a heartbeat on a callback without a heartbeat timeout is accepted and changes nothing', async () => {
  const { arn, callbackId } = await startWaiting({ via: 'createCallback' });
  assert.deepEqual(Object.keys(await lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }))), ['$metadata']);
  assert.equal((await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }))).Status, 'RUNNING');
  // A failure without an error object still fails the callback.
  await lambda.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId }));
  const exec = await executionWithStatus(lambda, arn, 'FAILED');
  assert.deepEqual(exec.Error, { ErrorType: 'CallbackExternalError', ErrorMessage: 'Callback failed' });
  const failed = (await historyOf(lambda, arn)).find((e) => e.EventType === 'CallbackFailed')!;
  assert.deepEqual(failed.CallbackFailedDetails, { Error: { Payload: {} } });
});

test('a callback answered by its own submitter, before the invocation suspends, resumes the workflow', async () => {
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'callbacks', Qualifier: '$LATEST', Payload: Buffer.from('{"via":"submitter"}') }));
  assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload!).toString());
  assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { answer: '"from the submitter"' });
  const names = eventNames(await historyOf(lambda, out.DurableExecutionArn!)).filter((t) => t !== 'InvocationCompleted');
  // waitForCallback is a child context holding the callback and the submitter's step; the answer lands
  // while that step still runs.
  assert.deepEqual(names, [
    'ExecutionStarted', 'ContextStarted:self', 'CallbackStarted', 'StepStarted', 'CallbackSucceeded', 'StepSucceeded',
    'ContextSucceeded:self', 'ExecutionSucceeded',
  ]);
});
