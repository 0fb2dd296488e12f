/** A workflow with more operations than one invocation event carries: the SDK pages through the rest and replays them all. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { bodyOf, createWorkflow, history } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();

const MANY_STEPS = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  const values = [];
  for (let i = 0; i < 130; i++) values.push(await context.step('s' + i, async () => i * event.factor));
  await context.wait({ seconds: 1 });
  return { count: values.length, sum: values.reduce((a, b) => a + b, 0), last: await context.step('last', async () => 'done') };
});
`;

it('a workflow of 132 operations replays all of them after a wait, running none of its steps again', async () => {
  await createWorkflow(lambda, 'many', MANY_STEPS);
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'many', Qualifier: '$LATEST', Payload: Buffer.from('{"factor":2}') }));
  assert.equal(out.FunctionError, undefined, bodyOf(out));
  assert.deepEqual(JSON.parse(bodyOf(out)), { count: 130, sum: 2 * (129 * 130) / 2, last: 'done' });
  const events = await history(lambda, out.DurableExecutionArn!);
  // Each step started once: the second invocation found every one of them in the state it paged through.
  assert.equal(events.filter((e) => e.EventType === 'StepStarted').length, 131);
  assert.equal(events.filter((e) => e.EventType === 'InvocationCompleted').length, 2);
});
