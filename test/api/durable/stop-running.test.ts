/** Stopping an execution while an invocation of it runs: the invocation's next checkpoint is refused and nothing more is recorded. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { GetDurableExecutionCommand, StopDurableExecutionCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { createWorkflow, eventually, history, startAsync } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();

/** Starts a step, holds until its own execution is no longer RUNNING, then tries to finish the step and says how that went. */
const HOLDS_UNTIL_STOPPED = `
import { LambdaClient, CheckpointDurableExecutionCommand, GetDurableExecutionCommand } from '@aws-sdk/client-lambda';
const lambda = new LambdaClient({ maxAttempts: 1 });
export const handler = async (event) => {
  const arn = event.DurableExecutionArn;
  const started = await lambda.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: event.CheckpointToken,
    Updates: [{ Id: 'held', Name: 'held', Type: 'STEP', Action: 'START' }] }));
  while ((await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }))).Status === 'RUNNING') {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const finishing = await lambda.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: started.CheckpointToken,
    Updates: [{ Id: 'held', Name: 'held', Type: 'STEP', Action: 'SUCCEED', Payload: '"too late"' }] })).then(() => 'accepted', (err) => err.name + ': ' + err.message);
  throw new Error(finishing);
};
`;

it('an execution stopped mid-invocation refuses that invocation\'s next checkpoint and records only its end', async () => {
  await createWorkflow(lambda, 'held', HOLDS_UNTIL_STOPPED);
  const arn = await startAsync(lambda, 'held', {});
  await eventually('the step to start', async () => (await history(lambda, arn)).some((e) => e.EventType === 'StepStarted') || undefined);
  const stopped = await lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn, Error: { ErrorMessage: 'stopped mid-step' } }));
  const events = await eventually('the invocation to end', async () => {
    const all = await history(lambda, arn);
    return all.some((e) => e.EventType === 'InvocationCompleted') ? all : undefined;
  });
  assert.deepEqual(events.map((e) => e.EventType), ['ExecutionStarted', 'StepStarted', 'ExecutionStopped', 'InvocationCompleted']);
  assert.equal(events[3]!.InvocationCompletedDetails!.Error!.Payload!.ErrorMessage, 'InvalidParameterValueException: Invalid checkpoint token');
  const exec = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
  assert.equal(exec.Status, 'STOPPED');
  assert.deepEqual(exec.EndTimestamp, stopped.StopTimestamp);
  assert.deepEqual(exec.Error, { ErrorMessage: 'stopped mid-step' });
});
