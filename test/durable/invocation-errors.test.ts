// An invocation that dies without answering (the runtime process exits, the function times out) is not
// the end of the execution: the service records the error on InvocationCompleted and invokes again.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { sideEffectRecorder } from '../support/side-effects.js';
import { deployWorkflow, eventNames, executionWithStatus, historyOf } from '../support/durable-executions.js';

const server = await startLambkin();
after(() => server.stop());
const lambda = server.client();
const recorder = await sideEffectRecorder();

// The first run of the step crashes (or hangs past the function's timeout); the recorder remembers it did.
const WORKFLOW = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  const done = await context.step('fragile', async () => {
    const runs = Number(await fetch(event.recorder + '/' + event.run, { method: 'POST' }).then((r) => r.text()));
    if ((runs === 1 && event.how === 'exit') || event.how === 'always-exit') process.exit(3);
    if (runs === 1 && event.how === 'hang') await new Promise((r) => setTimeout(r, 60_000));
    return 'run ' + runs;
  });
  return done;
});
`;
await deployWorkflow(lambda, 'fragile', WORKFLOW, { timeout: 3 });

async function runToEnd(how: string): Promise<{ result: string; errors: unknown[]; names: string[] }> {
  const out = await lambda.send(new InvokeCommand({
    FunctionName: 'fragile', Qualifier: '$LATEST', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ recorder: recorder.url, run: how, how })),
  }));
  const exec = await executionWithStatus(lambda, out.DurableExecutionArn!, 'SUCCEEDED');
  const events = await historyOf(lambda, out.DurableExecutionArn!);
  const errors = events.filter((e) => e.EventType === 'InvocationCompleted').map((e) => e.InvocationCompletedDetails!.Error?.Payload);
  return { result: exec.Result!, errors, names: eventNames(events) };
}

test('a runtime that exits mid-step: InvocationCompleted carries Runtime.ExitError and the step runs again', async () => {
  const { result, errors, names } = await runToEnd('exit');
  assert.equal(result, '"run 2"');
  assert.equal(recorder.count('exit'), 2);
  assert.equal(errors.length, 2);
  const [crash, ok] = errors as ({ ErrorType?: string; ErrorMessage?: string } | undefined)[];
  assert.equal(crash!.ErrorType, 'Runtime.ExitError');
  assert.match(crash!.ErrorMessage!, /exit status 3/);
  assert.equal(ok, undefined);
  // The SDK does not wait for an at-least-once step's StepStarted checkpoint before running the step, so
  // the crash may come before it is sent: it is recorded once, in whichever invocation got it out first.
  assert.deepEqual(names.filter((name) => name !== 'StepStarted:fragile'), [
    'ExecutionStarted', 'InvocationCompleted', 'StepSucceeded:fragile', 'InvocationCompleted', 'ExecutionSucceeded',
  ]);
  assert.equal(names.filter((name) => name === 'StepStarted:fragile').length, 1);
  assert.ok(names.indexOf('StepStarted:fragile') < names.indexOf('StepSucceeded:fragile'));
});

test('an invocation that times out is retried the same way', async () => {
  const { result, errors } = await runToEnd('hang');
  assert.equal(result, '"run 2"');
  const [timedOut, ok] = errors as ({ ErrorType?: string; ErrorMessage?: string } | undefined)[];
  assert.equal(timedOut!.ErrorType, 'Sandbox.Timedout');
  assert.match(timedOut!.ErrorMessage!, /Task timed out after 3\.00 seconds/);
  assert.equal(ok, undefined);
});

test('invocations that keep failing end the execution FAILED with the last error after five in a row', async () => {
  const out = await lambda.send(new InvokeCommand({
    FunctionName: 'fragile', Qualifier: '$LATEST', InvocationType: 'Event',
    Payload: Buffer.from(JSON.stringify({ recorder: recorder.url, run: 'always-exit', how: 'always-exit' })),
  }));
  const exec = await executionWithStatus(lambda, out.DurableExecutionArn!, 'FAILED', 120_000);
  assert.equal(exec.Error!.ErrorType, 'Runtime.ExitError');
  assert.equal(recorder.count('always-exit'), 5);
  const events = await historyOf(lambda, out.DurableExecutionArn!);
  const errors = events.filter((e) => e.EventType === 'InvocationCompleted').map((e) => e.InvocationCompletedDetails!.Error?.Payload?.ErrorType);
  assert.deepEqual(errors, Array(5).fill('Runtime.ExitError'));
  assert.equal(events.at(-1)!.EventType, 'ExecutionFailed');
});
