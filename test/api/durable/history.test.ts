/** GetDurableExecutionHistory: the events of a known workflow, in order and in full, and how they page. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  GetDurableExecutionHistoryCommand, SendDurableExecutionCallbackSuccessCommand, type Event,
  type GetDurableExecutionHistoryCommandInput,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { invalidParameter, rejectsWith, validation } from '../functions/fixtures.js';
import { callbackIdOf, createWorkflow, ended, history, startAsync } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();

/** The SDK names operations by the MD5 of their position ("2", or "3-1" for the first inside the third). */
const sdkId = (position: string) => createHash('md5').update(position).digest('hex').slice(0, 16);

const WORKFLOW = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  const doubled = await context.step('double', async () => event.n * 2);
  const [approval] = await context.createCallback('approval', { timeout: { minutes: 5 } });
  const note = await approval;
  const total = await context.runInChildContext('child', async (child) => child.step('inner', async () => doubled + 1));
  return { total, note };
});
`;
const WAITING = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  await context.wait('pause', { seconds: 2 });
  return 'waited';
});
`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Events with their times checked to be dates and replaced, so whole events compare. */
function timeless(events: Event[]): unknown[] {
  const replace = (value: unknown, key: string): unknown => {
    if (value instanceof Date) return '<date>';
    if (key === 'RequestId') {
      assert.match(String(value), UUID);
      return '<request id>';
    }
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v, k)]));
  };
  return events.map((event) => {
    assert.ok(event.EventTimestamp instanceof Date, `event ${event.EventId} has a date`);
    return replace(event, '');
  });
}

await createWorkflow(lambda, 'known', WORKFLOW);
await createWorkflow(lambda, 'waits', WAITING);

const arn = await startAsync(lambda, 'known', { n: 20 });
// Known once the invocation that created it has ended, so the callback completes after that: the order is fixed.
const callbackId = await callbackIdOf(lambda, arn);
await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('"ok"') }));
assert.equal((await ended(lambda, arn)).Status, 'SUCCEEDED');

const step = { SubType: 'Step', Id: sdkId('1'), Name: 'double' };
const callback = { SubType: 'Callback', Id: sdkId('2'), Name: 'approval' };
const child = { SubType: 'RunInChildContext', Id: sdkId('3'), Name: 'child' };
const inner = { SubType: 'Step', Id: sdkId('3-1'), Name: 'inner', ParentId: sdkId('3') };
const invocationCompleted = (EventId: number) => ({
  EventType: 'InvocationCompleted', EventId, EventTimestamp: '<date>',
  InvocationCompletedDetails: { StartTimestamp: '<date>', EndTimestamp: '<date>', RequestId: '<request id>' },
});
const EXPECTED = [
  { EventType: 'ExecutionStarted', EventId: 1, EventTimestamp: '<date>', ExecutionStartedDetails: { Input: { Payload: '{"n":20}' }, ExecutionTimeout: 300 } },
  { EventType: 'StepStarted', ...step, EventId: 2, EventTimestamp: '<date>', StepStartedDetails: {} },
  { EventType: 'StepSucceeded', ...step, EventId: 3, EventTimestamp: '<date>', StepSucceededDetails: { Result: { Payload: '40' }, RetryDetails: { CurrentAttempt: 1 } } },
  { EventType: 'CallbackStarted', ...callback, EventId: 4, EventTimestamp: '<date>', CallbackStartedDetails: { CallbackId: callbackId, Timeout: 300 } },
  invocationCompleted(5),
  { EventType: 'CallbackSucceeded', ...callback, EventId: 6, EventTimestamp: '<date>', CallbackSucceededDetails: { Result: { Payload: '"ok"' } } },
  { EventType: 'ContextStarted', ...child, EventId: 7, EventTimestamp: '<date>', ContextStartedDetails: {} },
  { EventType: 'StepStarted', ...inner, EventId: 8, EventTimestamp: '<date>', StepStartedDetails: {} },
  { EventType: 'StepSucceeded', ...inner, EventId: 9, EventTimestamp: '<date>', StepSucceededDetails: { Result: { Payload: '41' }, RetryDetails: { CurrentAttempt: 1 } } },
  { EventType: 'ContextSucceeded', ...child, EventId: 10, EventTimestamp: '<date>', ContextSucceededDetails: { Result: { Payload: '41' } } },
  invocationCompleted(11),
  { EventType: 'ExecutionSucceeded', EventId: 12, EventTimestamp: '<date>', ExecutionSucceededDetails: { Result: { Payload: '{"total":41,"note":"\\"ok\\""}' } } },
];

const read = (input: Omit<GetDurableExecutionHistoryCommandInput, 'DurableExecutionArn'> = {}) =>
  lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, ...input }));

describe('GetDurableExecutionHistory', { concurrency: true }, () => {
  it('answers every event of the workflow in order, with the operation each is about and its details', async () => {
    const out = await read();
    assert.equal(out.NextMarker, undefined);
    assert.deepEqual(timeless(out.Events!), EXPECTED);
  });

  it('keeps times in order, and tells the invocations apart by request id', async () => {
    const events = (await read()).Events!;
    const times = events.map((e) => e.EventTimestamp!.getTime());
    assert.deepEqual([...times].sort((a, b) => a - b), times);
    const invocations = events.filter((x) => x.EventType === 'InvocationCompleted');
    for (const e of invocations) {
      const { StartTimestamp, EndTimestamp } = e.InvocationCompletedDetails!;
      assert.ok(StartTimestamp!.getTime() <= EndTimestamp!.getTime());
      assert.ok(EndTimestamp!.getTime() <= e.EventTimestamp!.getTime());
    }
    assert.equal(new Set(invocations.map((e) => e.InvocationCompletedDetails!.RequestId)).size, 2);
  });

  it('with ReverseOrder answers the events newest first', async () => {
    assert.deepEqual(timeless((await read({ ReverseOrder: true })).Events!), [...EXPECTED].reverse());
  });

  it('pages by MaxItems and NextMarker, forwards and in reverse', async () => {
    for (const ReverseOrder of [false, true]) {
      const ids: number[] = [];
      const sizes: number[] = [];
      let Marker: string | undefined;
      do {
        const out = await read({ MaxItems: 5, ReverseOrder, ...(Marker ? { Marker } : {}) });
        sizes.push(out.Events!.length);
        ids.push(...out.Events!.map((e) => e.EventId!));
        Marker = out.NextMarker;
      } while (Marker);
      assert.deepEqual(sizes, [5, 5, 2]);
      const all = EXPECTED.map((e) => e.EventId);
      assert.deepEqual(ids, ReverseOrder ? all.reverse() : all);
    }
    // MaxItems 0 is the default page of 100.
    assert.equal((await read({ MaxItems: 0 })).Events!.length, 12);
  });

  it('refuses a marker it did not give and MaxItems out of range', async () => {
    for (const Marker of ['garbage', '999', '-1']) await rejectsWith(read({ Marker }), invalidParameter('Invalid Marker'));
    await rejectsWith(read({ MaxItems: -1 }), validation("Value '-1' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 0"));
    await rejectsWith(read({ MaxItems: 1001 }), validation("Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000"));
  });

  it('with IncludeExecutionData false empties every payload and keeps the rest', async () => {
    const events = timeless((await read({ IncludeExecutionData: false })).Events!) as Record<string, Record<string, unknown>>[];
    const withoutPayloads = EXPECTED.map((event) => {
      const copy = JSON.parse(JSON.stringify(event)) as Record<string, Record<string, unknown>>;
      for (const [key, details] of Object.entries(copy)) {
        if (!key.endsWith('Details')) continue;
        for (const member of ['Input', 'Result', 'Error']) if (details[member] !== undefined) details[member] = {};
      }
      return copy;
    });
    assert.deepEqual(events, withoutPayloads);
  });

  it('records a wait with its duration and scheduled end, and its end once the time has passed', async () => {
    const waitArn = await startAsync(lambda, 'waits', {});
    assert.equal((await ended(lambda, waitArn)).Result, '"waited"');
    const events = await history(lambda, waitArn);
    const pause = { SubType: 'Wait', Id: sdkId('1'), Name: 'pause' };
    const started = events.find((e) => e.EventType === 'WaitStarted')!;
    const succeeded = events.find((e) => e.EventType === 'WaitSucceeded')!;
    assert.deepEqual({ ...started, EventTimestamp: 0, WaitStartedDetails: { ...started.WaitStartedDetails, ScheduledEndTimestamp: 0 } },
      { EventType: 'WaitStarted', ...pause, EventId: 2, EventTimestamp: 0, WaitStartedDetails: { Duration: 2, ScheduledEndTimestamp: 0 } });
    assert.equal(started.WaitStartedDetails!.ScheduledEndTimestamp!.getTime() - started.EventTimestamp!.getTime(), 2000);
    assert.deepEqual({ ...succeeded, EventTimestamp: 0, EventId: 0 }, { EventType: 'WaitSucceeded', ...pause, EventId: 0, EventTimestamp: 0, WaitSucceededDetails: { Duration: 2 } });
    assert.ok(succeeded.EventTimestamp!.getTime() >= started.WaitStartedDetails!.ScheduledEndTimestamp!.getTime());
    assert.deepEqual(events.map((e) => e.EventType).filter((t) => t !== 'InvocationCompleted'), ['ExecutionStarted', 'WaitStarted', 'WaitSucceeded', 'ExecutionSucceeded']);
    assert.equal(events.filter((e) => e.EventType === 'InvocationCompleted').length, 2);
    assert.deepEqual(events.map((e) => e.EventId), [1, 2, 3, 4, 5, 6]);
  });
});
