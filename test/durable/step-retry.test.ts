// Steps with a retry strategy: the service keeps each failed attempt, waits out the delay the SDK asked
// for and replays the function, until the step succeeds or the strategy gives up.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { deployWorkflow, eventNames, executionWithStatus, historyOf } from '../support/durable-executions.js';

const server = await startLambkin();
after(() => server.stop());
const lambda = server.client();

// The attempt number comes from the SDK's own count, so a replay that lost it would show.
const FLAKY = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  return context.step('flaky', async (step) => {
    const attempt = step.attempt;
    if (attempt === undefined) throw new Error('no attempt');
    if (attempt < 3) throw new TypeError('attempt ' + attempt + ' failed');
    return { attempt };
  }, { retryStrategy: (error, attempts) => ({ shouldRetry: attempts < 5, delay: { seconds: 1 } }) });
});
`;

const ALWAYS_FAILS = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  return context.step('broken', async () => { throw new RangeError('never works'); },
    { retryStrategy: (error, attempts) => ({ shouldRetry: attempts < 2, delay: { seconds: 1 } }) });
});
`;

test('a step that fails twice then succeeds: two StepFailed with retry details, then StepSucceeded', async () => {
  await deployWorkflow(lambda, 'flaky', FLAKY);
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'flaky', Qualifier: '$LATEST', Payload: Buffer.from('{}') }));
  assert.equal(out.FunctionError, undefined);
  assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { attempt: 3 });
  const events = await historyOf(lambda, out.DurableExecutionArn!);
  assert.deepEqual(eventNames(events).filter((t) => t !== 'InvocationCompleted'), [
    'ExecutionStarted',
    'StepStarted:flaky', 'StepFailed:flaky',
    'StepStarted:flaky', 'StepFailed:flaky',
    'StepStarted:flaky', 'StepSucceeded:flaky',
    'ExecutionSucceeded',
  ]);
  const failed = events.filter((e) => e.EventType === 'StepFailed');
  assert.deepEqual(failed.map((e) => e.StepFailedDetails!.RetryDetails), [
    { CurrentAttempt: 1, NextAttemptDelaySeconds: 1 },
    { CurrentAttempt: 2, NextAttemptDelaySeconds: 1 },
  ]);
  assert.deepEqual(failed.map((e) => [e.StepFailedDetails!.Error!.Payload!.ErrorType, e.StepFailedDetails!.Error!.Payload!.ErrorMessage]), [
    ['TypeError', 'attempt 1 failed'], ['TypeError', 'attempt 2 failed'],
  ]);
  const succeeded = events.find((e) => e.EventType === 'StepSucceeded')!;
  assert.equal(succeeded.StepSucceededDetails!.Result!.Payload, '{"attempt":3}');
  assert.equal(succeeded.StepSucceededDetails!.RetryDetails!.CurrentAttempt, 3);
  // Each retry is a new invocation after the delay, so there are at least three.
  assert.ok(events.filter((e) => e.EventType === 'InvocationCompleted').length >= 3);
});

test('a step whose retries run out fails the execution with its error; a sync invoke answers Unhandled', async () => {
  await deployWorkflow(lambda, 'broken', ALWAYS_FAILS);
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'broken', Qualifier: '$LATEST', Payload: Buffer.from('{}') }));
  assert.equal(out.StatusCode, 200);
  assert.equal(out.FunctionError, 'Unhandled');
  const body = JSON.parse(Buffer.from(out.Payload!).toString()) as Record<string, unknown>;
  // The SDK fails the handler with a StepError that carries the step's message; the step's own events keep its type.
  assert.deepEqual(body, { errorType: 'StepError', errorMessage: 'never works' });
  const exec = await executionWithStatus(lambda, out.DurableExecutionArn!, 'FAILED');
  assert.equal(exec.Error!.ErrorType, 'StepError');
  assert.equal(exec.Error!.ErrorMessage, 'never works');
  const events = await historyOf(lambda, out.DurableExecutionArn!);
  assert.deepEqual(eventNames(events).filter((t) => t !== 'InvocationCompleted'), [
    'ExecutionStarted',
    'StepStarted:broken', 'StepFailed:broken',
    'StepStarted:broken', 'StepFailed:broken',
    'ExecutionFailed',
  ]);
  const failed = events.filter((e) => e.EventType === 'StepFailed').map((e) => e.StepFailedDetails);
  assert.deepEqual(failed, [
    { Error: { Payload: { ErrorType: 'RangeError', ErrorMessage: 'never works' } }, RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 1 } },
    // The last attempt schedules no other.
    { Error: { Payload: { ErrorType: 'RangeError', ErrorMessage: 'never works' } }, RetryDetails: { CurrentAttempt: 2 } },
  ]);
  const ended = events.at(-1)!;
  assert.equal(ended.EventType, 'ExecutionFailed');
  assert.deepEqual(ended.ExecutionFailedDetails, { Error: { Payload: { ErrorType: 'StepError', ErrorMessage: 'never works' } } });
});
