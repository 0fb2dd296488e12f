/**
 * CheckpointDurableExecution and GetDurableExecutionState called directly with the JS SDK, from a durable
 * function that speaks the protocol itself: which tokens they take, and how the state pages.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CheckpointDurableExecutionCommand, GetDurableExecutionStateCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { invalidParameter, rejectsWith, validation } from '../functions/fixtures.js';
import { bodyOf, createWorkflow, history } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();

/**
 * The first invocation keeps its own token as the result of a step, records 120 more steps and waits a
 * second; the second invocation, with 123 operations to replay, tries that old token and others and
 * answers what each call got, with its last token.
 */
const RAW = `
import { LambdaClient, CheckpointDurableExecutionCommand as Checkpoint, GetDurableExecutionStateCommand as GetState } from '@aws-sdk/client-lambda';
const lambda = new LambdaClient({ maxAttempts: 1 });
const outcome = (promise) => promise.then(
  (out) => ({ ok: true, newToken: typeof out.CheckpointToken, operations: (out.Operations ?? out.NewExecutionState?.Operations)?.map((o) => o.Id), nextMarker: out.NextMarker }),
  (err) => ({ name: err.name, status: err.$metadata?.httpStatusCode, message: err.message }));
export const handler = async (event) => {
  const arn = event.DurableExecutionArn;
  const token = event.CheckpointToken;
  const operations = event.InitialExecutionState.Operations;
  const saved = operations.find((o) => o.Id === 'saved-token');
  if (!saved) {
    const steps = Array.from({ length: 120 }, (_, i) => ({ Id: 'step-' + i, Type: 'STEP', Action: 'SUCCEED', Payload: String(i) }));
    await lambda.send(new Checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [
      { Id: 'saved-token', Type: 'STEP', Action: 'SUCCEED', Payload: token },
      ...steps,
      { Id: 'pause', Type: 'WAIT', Action: 'START', WaitOptions: { WaitSeconds: 1 } },
    ] }));
    return { Status: 'PENDING' };
  }
  const old = saved.StepDetails.Result;
  const unknownArn = arn.replace(/[^/]+$/, '00000000-0000-0000-0000-000000000000');
  const state = (input) => outcome(lambda.send(new GetState({ DurableExecutionArn: arn, CheckpointToken: token, ...input })));
  const seen = {
    firstPage: { count: operations.length, first: operations[0].Type, nextMarker: event.InitialExecutionState.NextMarker },
    updated: event.UpdatedOperationIds,
    staleCheckpoint: await outcome(lambda.send(new Checkpoint({ DurableExecutionArn: arn, CheckpointToken: old, Updates: [] }))),
    garbledCheckpoint: await outcome(lambda.send(new Checkpoint({ DurableExecutionArn: arn, CheckpointToken: 'garbled', Updates: [] }))),
    staleState: await outcome(lambda.send(new GetState({ DurableExecutionArn: arn, CheckpointToken: old }))),
    garbledState: await outcome(lambda.send(new GetState({ DurableExecutionArn: arn, CheckpointToken: 'Z2FyYmxlZA' }))),
    otherExecution: await outcome(lambda.send(new Checkpoint({ DurableExecutionArn: unknownArn, CheckpointToken: token, Updates: [] }))),
    restOfState: await state({ Marker: event.InitialExecutionState.NextMarker }),
    smallPage: await state({ MaxItems: 50 }),
    lastPage: await state({ Marker: '120', MaxItems: 50 }),
    badMarker: await state({ Marker: 'x' }),
  };
  const stateOp = (await lambda.send(new GetState({ DurableExecutionArn: arn, CheckpointToken: token, Marker: '1', MaxItems: 1 }))).Operations[0];
  seen.sameTimes = stateOp.Id === operations[1].Id && stateOp.StartTimestamp.getTime() === operations[1].StartTimestamp;
  const checkpointed = await lambda.send(new Checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [] }));
  seen.emptyCheckpoint = { newToken: typeof checkpointed.CheckpointToken, changed: checkpointed.NewExecutionState.Operations.map((o) => o.Id) };
  seen.usedCheckpoint = await outcome(lambda.send(new Checkpoint({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [] })));
  seen.usedState = await outcome(lambda.send(new GetState({ DurableExecutionArn: arn, CheckpointToken: token, MaxItems: 1 })));
  seen.nextState = await outcome(lambda.send(new GetState({ DurableExecutionArn: arn, CheckpointToken: checkpointed.CheckpointToken, MaxItems: 1 })));
  return { Status: 'SUCCEEDED', Result: JSON.stringify({ seen, token: checkpointed.CheckpointToken }) };
};
`;

const INVALID_TOKEN = { name: 'InvalidParameterValueException', status: 400, message: 'Invalid checkpoint token' };
const ARN_PATTERN = 'arn:([a-zA-Z0-9-]+):lambda:([a-zA-Z0-9-]+):(\\d{12}):function:([a-zA-Z0-9_-]+):(\\$LATEST(?:\\.PUBLISHED)?|[0-9]+)/durable-execution/([a-zA-Z0-9_-]+)/([a-zA-Z0-9_-]+)';
const steps = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `step-${from + i}`);

await createWorkflow(lambda, 'raw', RAW);
const out = await lambda.send(new InvokeCommand({ FunctionName: 'raw', Qualifier: '$LATEST', Payload: Buffer.from('{}') }));
assert.equal(out.FunctionError, undefined, bodyOf(out));
const arn = out.DurableExecutionArn!;
const { seen, token } = JSON.parse(bodyOf(out)) as { seen: Record<string, unknown>; token: string };

describe('checkpoint tokens', { concurrency: true }, () => {
  it('are used up by the checkpoint that presents them, and GetState takes the one it answered', () => {
    assert.deepEqual(seen.usedCheckpoint, INVALID_TOKEN);
    assert.deepEqual(seen.usedState, INVALID_TOKEN);
    const next = seen.nextState as { ok: boolean; operations: string[]; nextMarker: string };
    assert.equal(next.ok, true);
    assert.equal(next.operations.length, 1);
    assert.equal(next.nextMarker, '1');
  });

  it('of an earlier invocation, or garbled, are refused by Checkpoint and GetState alike', () => {
    assert.deepEqual(seen.staleCheckpoint, INVALID_TOKEN);
    assert.deepEqual(seen.garbledCheckpoint, INVALID_TOKEN);
    assert.deepEqual(seen.staleState, INVALID_TOKEN);
    assert.deepEqual(seen.garbledState, INVALID_TOKEN);
  });

  it('are refused for an execution that does not exist', () => {
    assert.deepEqual(seen.otherExecution, INVALID_TOKEN);
  });

  it('of the current invocation check in an empty batch and get a new token', () => {
    assert.deepEqual(seen.emptyCheckpoint, { newToken: 'string', changed: [] });
  });

  it('are refused once the execution has ended', async () => {
    assert.equal(typeof token, 'string');
    const invalid = invalidParameter('Invalid checkpoint token');
    await rejectsWith(lambda.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: token, Updates: [] })), invalid);
    await rejectsWith(lambda.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: token })), invalid);
  });

  it('do not matter for an ARN that names no execution, nor for a malformed one', async () => {
    const unknown = arn.replace(/[^/]+$/, '11111111-1111-1111-1111-111111111111');
    await rejectsWith(lambda.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: unknown, CheckpointToken: token, Updates: [] })),
      invalidParameter('Invalid checkpoint token'));
    await rejectsWith(lambda.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: 'arn:aws:lambda:us-east-1:000000000000:function:raw', CheckpointToken: token })),
      validation(`Value 'arn:aws:lambda:us-east-1:000000000000:function:raw' at 'durableExecutionArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ARN_PATTERN}`));
  });
});

describe('the execution state', { concurrency: true }, () => {
  it('comes 100 operations at a time in the invocation event, the execution first, with a marker for the rest', () => {
    assert.deepEqual(seen.firstPage, { count: 100, first: 'EXECUTION', nextMarker: '100' });
    assert.deepEqual(seen.updated, ['pause']);
  });

  it('pages on through GetDurableExecutionState from that marker, and by MaxItems', () => {
    assert.deepEqual(seen.restOfState, { ok: true, newToken: 'undefined', operations: [...steps(98, 120), 'pause'] });
    assert.deepEqual(seen.smallPage, { ok: true, newToken: 'undefined', operations: [arn.split('/').at(-1), 'saved-token', ...steps(0, 48)], nextMarker: '50' });
    assert.deepEqual(seen.lastPage, { ok: true, newToken: 'undefined', operations: ['step-118', 'step-119', 'pause'] });
    assert.deepEqual(seen.badMarker, { name: 'InvalidParameterValueException', status: 400, message: 'Invalid Marker' });
  });

  it('gives the same operation times as the invocation event', () => {
    assert.equal(seen.sameTimes, true);
  });

  it('left a history of every operation the invocations checkpointed', async () => {
    const events = await history(lambda, arn);
    assert.equal(events.filter((e) => e.EventType === 'StepSucceeded').length, 121);
    assert.equal(events.filter((e) => e.EventType === 'InvocationCompleted').length, 2);
    assert.deepEqual(events.at(-1)!.ExecutionSucceededDetails, { Result: { Payload: JSON.stringify({ seen, token }) } });
  });
});
