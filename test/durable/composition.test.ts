// Operations that group others: child contexts, map, parallel, and waitForCondition's polling, each run
// through the service (their own operations, their children's ParentId, waits inside them).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeCommand, type Event } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { deployWorkflow, eventNames, historyOf } from '../support/durable-executions.js';

const server = await startLambkin();
after(() => server.stop());
const lambda = server.client();

const WORKFLOW = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
const workflows = {
  child: async (context) => {
    const prepared = await context.runInChildContext('prepare', async (child) => {
      const loaded = await child.step('load', async () => 20);
      await child.wait('pause', { seconds: 1 });
      return loaded + 1;
    });
    const failure = await context.runInChildContext('refuse', async (child) => {
      await child.step('check', async () => { throw new Error('not allowed'); }, { retryStrategy: () => ({ shouldRetry: false }) });
    }).then(() => 'no failure', (err) => err.name + ': ' + err.message);
    return { prepared, failure };
  },
  map: async (context) => {
    const batch = await context.map('double', [1, 2, 3], async (item, n) => item.step('times-two', async () => n * 2));
    return { results: batch.getResults(), status: batch.status, reason: batch.completionReason };
  },
  parallel: async (context) => {
    const batch = await context.parallel('both', [
      async (branch) => branch.step('left', async () => 'L'),
      async (branch) => { await branch.wait('rest', { seconds: 1 }); return 'R'; },
    ]);
    return { results: batch.getResults(), successCount: batch.successCount };
  },
  // One branch's wait ends while the other branch's step is still at work in the same invocation.
  overlap: async (context) => {
    const batch = await context.parallel('overlap', [
      async (branch) => { await branch.wait('short', { seconds: 1 }); return branch.step('after-wait', async () => 'waited'); },
      async (branch) => branch.step('busy', async () => { await new Promise((r) => setTimeout(r, 3000)); return 'busy done'; }),
    ]);
    return batch.getResults();
  },
  // The first branch to succeed is enough: the other, still waiting, is left behind.
  first: async (context) => {
    const batch = await context.parallel('race', [
      async (branch) => { await branch.wait('slow', { seconds: 60 }); return 'slow'; },
      async (branch) => branch.step('quick', async () => 'quick'),
    ], { completionConfig: { minSuccessful: 1 } });
    return { results: batch.getResults(), reason: batch.completionReason, started: batch.startedCount };
  },
  // Each part fits a checkpoint; together they are too big, so the SDK replays the child instead.
  large: async (context) => {
    const joined = await context.runInChildContext('assemble', async (child) => {
      const parts = [];
      for (const letter of ['a', 'b', 'c']) parts.push(await child.step('part-' + letter, async () => letter.repeat(100_000)));
      return parts.join('');
    });
    await context.wait('pause', { seconds: 1 });
    return { length: joined.length, ends: joined[0] + joined.at(-1) };
  },
  condition: async (context) => {
    return context.waitForCondition('poll', async (state) => state + 1, {
      initialState: 0,
      waitStrategy: (state) => (state < 3 ? { shouldContinue: true, delay: { seconds: 1 } } : { shouldContinue: false }),
    });
  },
};
export const handler = withDurableExecution(async (event, context) => workflows[event.workflow](context));
`;
await deployWorkflow(lambda, 'composed', WORKFLOW);

async function run(workflow: string): Promise<{ result: unknown; events: Event[] }> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'composed', Qualifier: '$LATEST', Payload: Buffer.from(JSON.stringify({ workflow })) }));
  assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload!).toString());
  const events = (await historyOf(lambda, out.DurableExecutionArn!)).filter((e) => e.EventType !== 'InvocationCompleted');
  return { result: JSON.parse(Buffer.from(out.Payload!).toString()), events };
}

/** `EventType SubType Name`, and ` < parent name` when the event is about an operation inside another. */
function outline(events: Event[]): string[] {
  const names = new Map(events.map((e) => [e.Id, e.Name]));
  return events.map((e) => [e.EventType, e.SubType, e.Name].filter(Boolean).join(' ') + (e.ParentId ? ` < ${names.get(e.ParentId)}` : ''));
}

test('child contexts group their operations; a failing child rejects with ChildContextError', async () => {
  const { result, events } = await run('child');
  assert.deepEqual(result, { prepared: 21, failure: 'ChildContextError: not allowed' });
  assert.deepEqual(outline(events), [
    'ExecutionStarted',
    'ContextStarted RunInChildContext prepare',
    'StepStarted Step load < prepare', 'StepSucceeded Step load < prepare',
    'WaitStarted Wait pause < prepare', 'WaitSucceeded Wait pause < prepare',
    'ContextSucceeded RunInChildContext prepare',
    'ContextStarted RunInChildContext refuse',
    'StepStarted Step check < refuse', 'StepFailed Step check < refuse',
    'ContextFailed RunInChildContext refuse',
    'ExecutionSucceeded',
  ]);
  const contextSucceeded = events.find((e) => e.EventType === 'ContextSucceeded')!;
  assert.deepEqual(contextSucceeded.ContextSucceededDetails, { Result: { Payload: '21' } });
  const contextFailed = events.find((e) => e.EventType === 'ContextFailed')!;
  assert.equal(contextFailed.ContextFailedDetails!.Error!.Payload!.ErrorMessage, 'not allowed');
});

test('map runs one child context per item and collects their results in order', async () => {
  const { result, events } = await run('map');
  assert.deepEqual(result, { results: [2, 4, 6], status: 'SUCCEEDED', reason: 'ALL_COMPLETED' });
  const outlined = outline(events);
  assert.equal(outlined[1], 'ContextStarted Map double');
  assert.equal(outlined.at(-2), 'ContextSucceeded Map double');
  for (const i of [0, 1, 2]) {
    const item = `map-item-${i}`;
    const mine = outlined.filter((line) => line.includes(item));
    assert.deepEqual(mine, [
      `ContextStarted MapIteration ${item} < double`, `StepStarted Step times-two < ${item}`,
      `StepSucceeded Step times-two < ${item}`, `ContextSucceeded MapIteration ${item} < double`,
    ]);
  }
  assert.equal(outlined.length, 2 + 3 * 4 + 2);
});

test('parallel runs its branches side by side, a waiting branch included', async () => {
  const { result, events } = await run('parallel');
  assert.deepEqual(result, { results: ['L', 'R'], successCount: 2 });
  const outlined = outline(events);
  assert.deepEqual(outlined.filter((line) => line.includes('parallel-branch-1')), [
    'ContextStarted ParallelBranch parallel-branch-1 < both', 'WaitStarted Wait rest < parallel-branch-1',
    'WaitSucceeded Wait rest < parallel-branch-1', 'ContextSucceeded ParallelBranch parallel-branch-1 < both',
  ]);
  assert.deepEqual(outlined.filter((line) => line.includes('parallel-branch-0')), [
    'ContextStarted ParallelBranch parallel-branch-0 < both', 'StepStarted Step left < parallel-branch-0',
    'StepSucceeded Step left < parallel-branch-0', 'ContextSucceeded ParallelBranch parallel-branch-0 < both',
  ]);
  assert.deepEqual([outlined[0], outlined[1], outlined.at(-2), outlined.at(-1)], [
    'ExecutionStarted', 'ContextStarted Parallel both', 'ContextSucceeded Parallel both', 'ExecutionSucceeded',
  ]);
  assert.equal(outlined.length, 12);
});

test('waitForCondition checks again after each delay until the strategy stops, keeping the state', async () => {
  const { result, events } = await run('condition');
  assert.equal(result, 3);
  const checks = events.filter((e) => e.EventType === 'StepSucceeded');
  assert.deepEqual(checks.map((e) => [e.SubType, e.Name, e.StepSucceededDetails]), [
    ['WaitForCondition', 'poll', { Result: { Payload: '1' }, RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 1 } }],
    ['WaitForCondition', 'poll', { Result: { Payload: '2' }, RetryDetails: { CurrentAttempt: 2, NextAttemptDelaySeconds: 1 } }],
    ['WaitForCondition', 'poll', { Result: { Payload: '3' }, RetryDetails: { CurrentAttempt: 3 } }],
  ]);
  assert.deepEqual(eventNames(events), [
    'ExecutionStarted', 'StepStarted:poll', 'StepSucceeded:poll', 'StepStarted:poll', 'StepSucceeded:poll',
    'StepStarted:poll', 'StepSucceeded:poll', 'ExecutionSucceeded',
  ]);
});

test('a child context whose result is too big to checkpoint replays its children instead', async () => {
  const { result, events } = await run('large');
  assert.deepEqual(result, { length: 300_000, ends: 'ac' });
  const succeeded = events.find((e) => e.EventType === 'ContextSucceeded')!;
  assert.equal(succeeded.Name, 'assemble');
  assert.deepEqual(succeeded.ContextSucceededDetails, { Result: { Payload: '' } });
  // The steps ran once; the replay after the wait took their results from the checkpoints.
  assert.deepEqual(eventNames(events), [
    'ExecutionStarted', 'ContextStarted:assemble',
    'StepStarted:part-a', 'StepSucceeded:part-a', 'StepStarted:part-b', 'StepSucceeded:part-b', 'StepStarted:part-c', 'StepSucceeded:part-c',
    'ContextSucceeded:assemble', 'WaitStarted:pause', 'WaitSucceeded:pause', 'ExecutionSucceeded',
  ]);
});

test('a wait that ends while another branch is still running is seen without losing either branch', async () => {
  const { result, events } = await run('overlap');
  assert.deepEqual(result, ['waited', 'busy done']);
  const names = eventNames(events);
  for (const name of ['WaitSucceeded:short', 'StepSucceeded:after-wait', 'StepSucceeded:busy']) {
    assert.equal(names.filter((n) => n === name).length, 1, name);
  }
  assert.equal(names.filter((n) => n === 'StepStarted:busy').length, 1);
});

test('a parallel that needs one success ends without waiting for its slower branch', async () => {
  const { result, events } = await run('first');
  assert.deepEqual(result, { results: ['quick'], reason: 'MIN_SUCCESSFUL_REACHED', started: 1 });
  // The slow branch's wait never ends: the execution did not wait for it.
  assert.deepEqual(eventNames(events), [
    'ExecutionStarted', 'ContextStarted:race', 'ContextStarted:parallel-branch-0', 'ContextStarted:parallel-branch-1',
    'WaitStarted:slow', 'StepStarted:quick', 'StepSucceeded:quick', 'ContextSucceeded:parallel-branch-1',
    'ContextSucceeded:race', 'ExecutionSucceeded',
  ]);
});
