// A durable execution outlives the server: killed outright (SIGKILL) and started again on the same data
// dir, Lambkin picks the execution up from its checkpoints. Steps post to a recorder outside Lambkin, so
// the counts show how often each step's work really ran, not only what the history says.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeCommand, ListDurableExecutionsByFunctionCommand, SendDurableExecutionCallbackSuccessCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { sideEffectRecorder } from '../support/side-effects.js';
import { deployWorkflow, eventInHistory, eventNames, eventually, executionWithStatus, historyOf } from '../support/durable-executions.js';

const server = await startLambkin();
after(() => server.stop());
const recorder = await sideEffectRecorder();

// Each step posts `<run>/<step>` before it returns; `slow` also posts when it begins, then takes a while.
const WORKFLOW = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
const record = (event, what) => fetch(event.recorder + '/' + event.run + '/' + what, { method: 'POST' }).then((r) => r.text());
export const handler = withDurableExecution(async (event, context) => {
  const a = await context.step('a', async () => { await record(event, 'a'); return 'A'; });
  if (event.slow) {
    await context.step('slow', async () => {
      await record(event, 'slow-began');
      await new Promise((r) => setTimeout(r, event.slow * 1000));
      await record(event, 'slow');
    });
  }
  await context.wait({ seconds: event.wait });
  const b = await context.step('b', async () => { await record(event, 'b'); return 'B'; });
  return a + b;
});
`;

// What else an execution may be waiting on when the server dies.
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
  if (event.kind === 'at-most-once') {
    return context.step('once', async () => {
      await fetch(event.recorder + '/at-most-once/began', { method: 'POST' });
      await new Promise((r) => setTimeout(r, 4000));
      return 'finished';
    }, { semantics: 'AT_MOST_ONCE_PER_RETRY', retryStrategy: () => ({ shouldRetry: false }) });
  }
  if (event.kind === 'chained') return context.invoke('child', 'child:$LATEST', { wait: 3 });
  await context.wait({ seconds: event.wait });
  return 'child done';
});
`;

await deployWorkflow(server.client(), 'survivor', WORKFLOW);
await deployWorkflow(server.client(), 'waiting', WAITING);
await deployWorkflow(server.client(), 'child', WAITING);

async function startRun(run: string, options: { wait: number; slow?: number }): Promise<string> {
  const out = await server.client().send(new InvokeCommand({
    FunctionName: 'survivor', Qualifier: '$LATEST', InvocationType: 'Event',
    Payload: Buffer.from(JSON.stringify({ recorder: recorder.url, run, ...options })),
  }));
  assert.equal(out.StatusCode, 202);
  return out.DurableExecutionArn!;
}

async function killAndRestart(): Promise<void> {
  await server.stop('SIGKILL');
  await server.restart();
}

test('a wait that spans a SIGKILL and a restart ends, and every step ran exactly once', async () => {
  const arn = await startRun('wait', { wait: 4 });
  await eventually('step a and the wait to start', async () => {
    const events = await historyOf(server.client(), arn);
    return recorder.count('wait/a') === 1 && events.some((e) => e.EventType === 'WaitStarted') ? true : undefined;
  });
  assert.equal(recorder.count('wait/b'), 0, 'b ran before the wait ended');
  await killAndRestart();
  const lambda = server.client();
  const exec = await executionWithStatus(lambda, arn, 'SUCCEEDED');
  assert.equal(exec.Result, '"AB"');
  assert.equal(recorder.count('wait/a'), 1);
  assert.equal(recorder.count('wait/b'), 1);
  assert.deepEqual(eventNames(await historyOf(lambda, arn)).filter((t) => t !== 'InvocationCompleted'), [
    'ExecutionStarted', 'StepStarted:a', 'StepSucceeded:a', 'WaitStarted', 'WaitSucceeded', 'StepStarted:b', 'StepSucceeded:b', 'ExecutionSucceeded',
  ]);
});

test('a kill during a step runs that step again after the restart, and only that one', async () => {
  const arn = await startRun('step', { wait: 1, slow: 4 });
  await eventually('the slow step to begin', async () => (recorder.count('step/slow-began') === 1 ? true : undefined));
  await killAndRestart();
  const lambda = server.client();
  const exec = await executionWithStatus(lambda, arn, 'SUCCEEDED');
  assert.equal(exec.Result, '"AB"');
  // Completed before the kill: once. Interrupted: begun again (at least once), finished once.
  assert.equal(recorder.count('step/a'), 1);
  assert.equal(recorder.count('step/slow-began'), 2);
  assert.equal(recorder.count('step/slow'), 1);
  assert.equal(recorder.count('step/b'), 1);
  const events = await historyOf(lambda, arn);
  assert.deepEqual(eventNames(events).filter((t) => t !== 'InvocationCompleted'), [
    'ExecutionStarted', 'StepStarted:a', 'StepSucceeded:a', 'StepStarted:slow', 'StepSucceeded:slow',
    'WaitStarted', 'WaitSucceeded', 'StepStarted:b', 'StepSucceeded:b', 'ExecutionSucceeded',
  ]);
});

async function startWaiting(input: object): Promise<string> {
  const out = await server.client().send(new InvokeCommand({
    FunctionName: 'waiting', Qualifier: '$LATEST', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(input)),
  }));
  return out.DurableExecutionArn!;
}

test('a callback created before a restart can be completed after it', async () => {
  const arn = await startWaiting({ kind: 'callback', timeout: 300 });
  const started = await eventInHistory(server.client(), arn, (e) => e.EventType === 'CallbackStarted');
  await killAndRestart();
  const lambda = server.client();
  await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: started.CallbackStartedDetails!.CallbackId!, Result: Buffer.from('"after restart"') }));
  const exec = await executionWithStatus(lambda, arn, 'SUCCEEDED');
  assert.equal(exec.Result, JSON.stringify('"after restart"'));
});

test('a callback timeout that falls after a restart still fires', async () => {
  const arn = await startWaiting({ kind: 'callback', timeout: 3 });
  await eventInHistory(server.client(), arn, (e) => e.EventType === 'CallbackStarted');
  await killAndRestart();
  const lambda = server.client();
  await executionWithStatus(lambda, arn, 'FAILED');
  const timedOut = (await historyOf(lambda, arn)).find((e) => e.EventType === 'CallbackTimedOut')!;
  assert.equal(timedOut.CallbackTimedOutDetails!.Error!.Payload!.ErrorType, 'Callback.Timeout');
});

test('a step retry delay that spans a restart ends and the step runs its next attempt', async () => {
  const arn = await startWaiting({ kind: 'retry' });
  await eventInHistory(server.client(), arn, (e) => e.EventType === 'StepFailed');
  await killAndRestart();
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
  await killAndRestart();
  const after = server.client();
  const exec = await executionWithStatus(after, arn, 'SUCCEEDED');
  assert.equal(exec.Result, '"child done"');
  assert.equal((await executionWithStatus(after, childArn, 'SUCCEEDED')).Result, '"child done"');
  const children = await after.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'child', Qualifier: '$LATEST' }));
  assert.equal(children.DurableExecutions!.length, 1);
});

test('a kill during an at-most-once step does not run it again: the replay fails it as interrupted', async () => {
  const arn = await startWaiting({ kind: 'at-most-once', recorder: recorder.url });
  await eventually('the step to begin', async () => (recorder.count('at-most-once/began') === 1 ? true : undefined));
  await killAndRestart();
  const lambda = server.client();
  const exec = await executionWithStatus(lambda, arn, 'FAILED');
  assert.equal(recorder.count('at-most-once/began'), 1);
  const interrupted = 'The step execution process was initiated but failed to reach completion due to an interruption.';
  assert.deepEqual(exec.Error, { ErrorType: 'StepError', ErrorMessage: interrupted });
  const events = await historyOf(lambda, arn);
  assert.deepEqual(eventNames(events).filter((t) => t !== 'InvocationCompleted'), ['ExecutionStarted', 'StepStarted:once', 'StepFailed:once', 'ExecutionFailed']);
  assert.deepEqual(events.find((e) => e.EventType === 'StepFailed')!.StepFailedDetails, {
    Error: { Payload: { ErrorType: 'StepInterruptedError', ErrorMessage: interrupted } }, RetryDetails: { CurrentAttempt: 1 },
  });
});
