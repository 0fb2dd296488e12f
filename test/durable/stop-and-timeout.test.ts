// Ending an execution from outside: StopDurableExecution while it waits, and its own ExecutionTimeout.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetDurableExecutionCommand, InvokeCommand, ListDurableExecutionsByFunctionCommand, SendDurableExecutionCallbackSuccessCommand,
  StopDurableExecutionCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { sideEffectRecorder } from '../support/side-effects.js';
import { deployWorkflow, eventInHistory, eventNames, eventually, executionWithStatus, historyOf } from '../support/durable-executions.js';

const server = await startLambkin();
after(() => server.stop());
const lambda = server.client();
const recorder = await sideEffectRecorder();

const WAITS_FOR_CALLBACK = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  await context.step('before', async () => 'done');
  const [promise] = await context.createCallback('approval', { timeout: { minutes: 5 } });
  return promise;
});
`;
const WAITS_TOO_LONG = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  await context.wait('long', { seconds: 30 });
  return 'never';
});
`;
const BUSY = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
const record = (event, what) => fetch(event.recorder + '/' + what, { method: 'POST' });
export const handler = withDurableExecution(async (event, context) => {
  await context.step('slow', async () => {
    await record(event, 'slow-began');
    await new Promise((r) => setTimeout(r, 3000));
    await record(event, 'slow-ended');
  });
  await context.step('after', async () => record(event, 'after').then(() => 'ran'));
  return 'finished';
});
`;
await deployWorkflow(lambda, 'stoppable', WAITS_FOR_CALLBACK);
await deployWorkflow(lambda, 'busy', BUSY);
await deployWorkflow(lambda, 'too-slow', WAITS_TOO_LONG, { executionTimeout: 2 });

test('StopDurableExecution ends a waiting execution STOPPED with the given error; its callback is then refused', async () => {
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'stoppable', Qualifier: '$LATEST', InvocationType: 'Event', Payload: Buffer.from('{}') }));
  const arn = out.DurableExecutionArn!;
  const started = await eventInHistory(lambda, arn, (e) => e.EventType === 'CallbackStarted');
  const error = { ErrorType: 'OperatorAbort', ErrorMessage: 'no longer needed' };
  const stopped = await lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn, Error: error }));
  assert.ok(stopped.StopTimestamp instanceof Date);

  const exec = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
  assert.equal(exec.Status, 'STOPPED');
  assert.deepEqual(exec.Error, error);
  assert.equal(exec.EndTimestamp!.getTime(), stopped.StopTimestamp!.getTime());
  const events = await historyOf(lambda, arn);
  assert.deepEqual(eventNames(events).filter((t) => t !== 'InvocationCompleted'), [
    'ExecutionStarted', 'StepStarted:before', 'StepSucceeded:before', 'CallbackStarted:approval', 'ExecutionStopped',
  ]);
  // The invocation that started the callback may still be ending as the stop lands, so its end may come after.
  assert.deepEqual(events.find((e) => e.EventType === 'ExecutionStopped')!.ExecutionStoppedDetails, { Error: { Payload: error } });

  await assert.rejects(
    lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: started.CallbackStartedDetails!.CallbackId!, Result: Buffer.from('"late"') })),
    { name: 'CallbackTimeoutException', message: 'The callback is either timed out or already completed' },
  );
  // Stopping again changes nothing: the execution keeps the moment it stopped.
  const again = await lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn, Error: { ErrorMessage: 'second' } }));
  assert.equal(again.StopTimestamp!.getTime(), stopped.StopTimestamp!.getTime());
  assert.deepEqual((await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }))).Error, error);
});

test('a synchronous invoke waiting on an execution that is stopped answers with the stop error', async () => {
  const pending = lambda.send(new InvokeCommand({ FunctionName: 'stoppable', Qualifier: '$LATEST', DurableExecutionName: 'sync-stopped', Payload: Buffer.from('{}') }));
  // The execution's ARN is found through its name, as the invoke has not answered yet.
  const listed = await eventually('the named execution', async () => {
    const page = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'stoppable', Qualifier: '$LATEST', DurableExecutionName: 'sync-stopped' }));
    return page.DurableExecutions?.[0]?.DurableExecutionArn;
  });
  await eventInHistory(lambda, listed, (e) => e.EventType === 'CallbackStarted');
  await lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: listed, Error: { ErrorType: 'Abandoned', ErrorMessage: 'by the operator' } }));
  const out = await pending;
  assert.equal(out.StatusCode, 200);
  assert.equal(out.FunctionError, 'Unhandled');
  assert.equal(out.DurableExecutionArn, listed);
  assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { errorType: 'Abandoned', errorMessage: 'by the operator' });
});

test('an execution that outlasts its ExecutionTimeout ends TIMED_OUT with ExecutionTimedOut', async () => {
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'too-slow', Qualifier: '$LATEST', InvocationType: 'Event', Payload: Buffer.from('{}') }));
  const exec = await executionWithStatus(lambda, out.DurableExecutionArn!, 'TIMED_OUT');
  const events = await historyOf(lambda, out.DurableExecutionArn!);
  assert.deepEqual(eventNames(events).filter((t) => t !== 'InvocationCompleted'), ['ExecutionStarted', 'WaitStarted:long', 'ExecutionTimedOut']);
  const ended = events.find((e) => e.EventType === 'ExecutionTimedOut')!;
  assert.equal(ended.ExecutionTimedOutDetails!.Error!.Payload!.ErrorMessage, 'Execution timed out after 2 seconds.');
  assert.equal(exec.Error!.ErrorMessage, 'Execution timed out after 2 seconds.');
  // Not before its deadline (the wait's own end, 30 s, would have made it SUCCEEDED).
  assert.ok(exec.EndTimestamp!.getTime() - exec.StartTimestamp!.getTime() >= 2000);
});

test('a stop during a running step: the step finishes its work, but nothing it checkpoints afterwards counts', async () => {
  const out = await lambda.send(new InvokeCommand({
    FunctionName: 'busy', Qualifier: '$LATEST', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ recorder: recorder.url })),
  }));
  const arn = out.DurableExecutionArn!;
  await eventually('the slow step to begin', async () => (recorder.count('slow-began') === 1 ? true : undefined));
  // The SDK does not wait for the step's start to be checkpointed; a stop before it lands would refuse it and end the step early.
  await eventInHistory(lambda, arn, (e) => e.EventType === 'StepStarted');
  await lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn }));
  // The invocation runs on until its checkpoint is refused; its end is still recorded.
  await eventInHistory(lambda, arn, (e) => e.EventType === 'InvocationCompleted');
  assert.equal(recorder.count('slow-ended'), 1);
  assert.equal(recorder.count('after'), 0);
  const exec = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
  assert.equal(exec.Status, 'STOPPED');
  const events = await historyOf(lambda, arn);
  assert.deepEqual(eventNames(events), ['ExecutionStarted', 'StepStarted:slow', 'ExecutionStopped', 'InvocationCompleted']);
  assert.deepEqual(events[2]!.ExecutionStoppedDetails, { Error: { Payload: {} } });
});
