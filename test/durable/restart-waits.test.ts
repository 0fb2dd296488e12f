// What else an execution may be waiting on when the server is killed (SIGKILL) and started again on the
// same data dir: a callback, a callback's timeout, a step's retry delay, a durable chained invoke.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeCommand, ListDurableExecutionsByFunctionCommand, SendDurableExecutionCallbackSuccessCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { deployWorkflow, eventInHistory, eventNames, eventually, executionWithStatus, historyOf, killAndRestart } from '../support/durable-executions.js';

const server = await startLambkin();
after(() => server.stop());

const WAITING = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  if (event.kind === 'callback') {
    const [promise] = await context.createCallback('answer', { timeout: { seconds: event.timeout } });
    return promise;
  }
  if (event.kind === 'retry') {
    return context.step('flaky', async (step) => {
      if (step.attempt === 1) throw new Error('first attempt fails');
      return 'attempt ' + step.attempt;
    }, { retryStrategy: () => ({ shouldRetry: true, delay: { seconds: 3 } }) });
  }
  if (event.kind === 'chained') return context.invoke('child', 'child:$LATEST', { wait: 3 });
  await context.wait({ seconds: event.wait });
  return 'child done';
});
`;

await deployWorkflow(server.client(), 'waiting', WAITING);
await deployWorkflow(server.client(), 'child', WAITING);

async function startWaiting(input: object): Promise<string> {
  const out = await server.client().send(new InvokeCommand({
    FunctionName: 'waiting', Qualifier: '$LATEST', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(input)),
  }));
  return out.DurableExecutionArn!;
}

test('a callback created before a restart can be completed after it', async () => {
  const arn = await startWaiting({ kind: 'callback', timeout: 300 });
  const started = await eventInHistory(server.client(), arn, (e) => e.EventType === 'CallbackStarted');
  await killAndRestart(server);
  const lambda = server.client();
  await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: started.CallbackStartedDetails!.CallbackId!, Result: Buffer.from('"after restart"') }));
  const exec = await executionWithStatus(lambda, arn, 'SUCCEEDED');
  assert.equal(exec.Result, JSON.stringify('"after restart"'));
});

test('a callback timeout that falls after a restart still fires', async () => {
  const arn = await startWaiting({ kind: 'callback', timeout: 3 });
  await eventInHistory(server.client(), arn, (e) => e.EventType === 'CallbackStarted');
  await killAndRestart(server);
  const lambda = server.client();
  await executionWithStatus(lambda, arn, 'FAILED');
  const timedOut = (await historyOf(lambda, arn)).find((e) => e.EventType === 'CallbackTimedOut')!;
  assert.equal(timedOut.CallbackTimedOutDetails!.Error!.Payload!.ErrorType, 'Callback.Timeout');
});

test('a step retry delay that spans a restart ends and the step runs its next attempt', async () => {
  const arn = await startWaiting({ kind: 'retry' });
  await eventInHistory(server.client(), arn, (e) => e.EventType === 'StepFailed');
  await killAndRestart(server);
  const lambda = server.client();
  const exec = await executionWithStatus(lambda, arn, 'SUCCEEDED');
  assert.equal(exec.Result, '"attempt 2"');
  assert.deepEqual(eventNames(await historyOf(lambda, arn)).filter((t) => t !== 'InvocationCompleted'), [
    'ExecutionStarted', 'StepStarted:flaky', 'StepFailed:flaky', 'StepStarted:flaky', 'StepSucceeded:flaky', 'ExecutionSucceeded',
  ]);
});

test('a chained invoke whose durable target is waiting across a restart completes the caller', async () => {
  const arn = await startWaiting({ kind: 'chained' });
  const lambda = server.client();
  await eventInHistory(lambda, arn, (e) => e.EventType === 'ChainedInvokeStarted');
  const childArn = await eventually('the child execution', async () => {
    const page = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'child', Qualifier: '$LATEST' }));
    return page.DurableExecutions?.[0]?.DurableExecutionArn;
  });
  await eventInHistory(lambda, childArn, (e) => e.EventType === 'WaitStarted');
  await killAndRestart(server);
  const after = server.client();
  const exec = await executionWithStatus(after, arn, 'SUCCEEDED');
  assert.equal(exec.Result, '"child done"');
  assert.equal((await executionWithStatus(after, childArn, 'SUCCEEDED')).Result, '"child done"');
  const children = await after.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'child', Qualifier: '$LATEST' }));
  assert.equal(children.DurableExecutions!.length, 1);
});
