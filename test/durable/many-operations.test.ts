// An execution with more operations than one invocation event carries: the replay after a wait pages
// the rest in with GetDurableExecutionState, and the history comes back in pages.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { GetDurableExecutionHistoryCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { deployWorkflow, historyOf } from '../support/durable-executions.js';

const server = await startLambkin();
after(() => server.stop());
const lambda = server.client();

const STEPS = 130;
// A step that ran again on replay (its checkpoint not found) would add a StepStarted past STEPS + 1.
const WORKFLOW = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  let total = 0;
  for (let i = 0; i < ${STEPS}; i++) total += await context.step('s' + i, async () => i);
  await context.wait({ seconds: 1 });
  return { total, last: await context.step('last', async () => 'after the wait') };
});
`;

test('a replay of more than a page of operations finds every completed step', async () => {
  await deployWorkflow(lambda, 'many', WORKFLOW);
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'many', Qualifier: '$LATEST', Payload: Buffer.from('{}') }));
  assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload!).toString());
  assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { total: (STEPS * (STEPS - 1)) / 2, last: 'after the wait' });
  const events = await historyOf(lambda, out.DurableExecutionArn!);
  assert.equal(events.filter((e) => e.EventType === 'StepStarted').length, STEPS + 1);
  assert.equal(events.filter((e) => e.EventType === 'StepSucceeded').length, STEPS + 1);
  assert.deepEqual(events.map((e) => e.EventId), events.map((_, i) => i + 1));
  const first = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: out.DurableExecutionArn! }));
  assert.equal(first.Events!.length, 100);
  assert.ok(first.NextMarker);
});
