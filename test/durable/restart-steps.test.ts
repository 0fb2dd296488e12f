// A durable execution outlives the server: killed outright (SIGKILL) and started again on the same data
// dir, Lambkin picks the execution up from its checkpoints. Steps post to a recorder outside Lambkin, so
// the counts show how often each step's work really ran, not only what the history says.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { sideEffectRecorder } from '../support/side-effects.js';
import { deployWorkflow, eventNames, eventually, executionWithStatus, historyOf, killAndRestart } from '../support/durable-executions.js';

const server = await startLambkin();
after(() => server.stop());
const recorder = await sideEffectRecorder();

// Each step posts `<run>/<step>` before it returns; `slow` also posts when it begins, then takes a while.
// `once` is an at-most-once step that is still at work when the server dies.
const WORKFLOW = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
const record = (event, what) => fetch(event.recorder + '/' + event.run + '/' + what, { method: 'POST' }).then((r) => r.text());
export const handler = withDurableExecution(async (event, context) => {
  if (event.once) {
    return context.step('once', async () => {
      await record(event, 'began');
      await new Promise((r) => setTimeout(r, 6000));
      return 'finished';
    }, { semantics: 'AT_MOST_ONCE_PER_RETRY', retryStrategy: () => ({ shouldRetry: false }) });
  }
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

await deployWorkflow(server.client(), 'survivor', WORKFLOW);

async function startRun(run: string, options: { wait?: number; slow?: number; once?: boolean }): Promise<string> {
  const out = await server.client().send(new InvokeCommand({
    FunctionName: 'survivor', Qualifier: '$LATEST', InvocationType: 'Event',
    Payload: Buffer.from(JSON.stringify({ recorder: recorder.url, run, ...options })),
  }));
  assert.equal(out.StatusCode, 202);
  return out.DurableExecutionArn!;
}

test('a wait that spans a SIGKILL and a restart ends, and every step ran exactly once', async () => {
  const arn = await startRun('wait', { wait: 5 });
  await eventually('step a and the wait to start', async () => {
    const events = await historyOf(server.client(), arn);
    return recorder.count('wait/a') === 1 && events.some((e) => e.EventType === 'WaitStarted') ? true : undefined;
  });
  assert.equal(recorder.count('wait/b'), 0, 'b ran before the wait ended');
  await killAndRestart(server);
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
  const arn = await startRun('step', { wait: 1, slow: 5 });
  await eventually('the slow step to begin', async () => (recorder.count('step/slow-began') === 1 ? true : undefined));
  await killAndRestart(server);
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

test('a kill during an at-most-once step does not run it again: the replay fails it as interrupted', async () => {
  const arn = await startRun('once', { once: true });
  await eventually('the step to begin', async () => (recorder.count('once/began') === 1 ? true : undefined));
  await killAndRestart(server);
  const lambda = server.client();
  const exec = await executionWithStatus(lambda, arn, 'FAILED');
  assert.equal(recorder.count('once/began'), 1);
  const interrupted = 'The step execution process was initiated but failed to reach completion due to an interruption.';
  assert.deepEqual(exec.Error, { ErrorType: 'StepError', ErrorMessage: interrupted });
  const events = await historyOf(lambda, arn);
  assert.deepEqual(eventNames(events).filter((t) => t !== 'InvocationCompleted'), ['ExecutionStarted', 'StepStarted:once', 'StepFailed:once', 'ExecutionFailed']);
  assert.deepEqual(events.find((e) => e.EventType === 'StepFailed')!.StepFailedDetails, {
    Error: { Payload: { ErrorType: 'StepInterruptedError', ErrorMessage: interrupted } }, RetryDetails: { CurrentAttempt: 1 },
  });
});
