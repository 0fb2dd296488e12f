/** GetDurableExecution: every member, with and without the execution's data, and the errors for ARNs that find nothing. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetDurableExecutionCommand, InvokeCommand, ListDurableExecutionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { rejectsWith, validation } from '../functions/fixtures.js';
import { CALLBACK_WORKFLOW, callbackIdOf, createWorkflow, ended, functionArn, startAsync } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();

const WORKFLOW = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  const sum = await context.step('sum', async () => event.a + event.b);
  if (sum < 0) throw new RangeError('negative sum ' + sum);
  return { sum };
});
`;
const ARN_PATTERN = 'arn:([a-zA-Z0-9-]+):lambda:([a-zA-Z0-9-]+):(\\d{12}):function:([a-zA-Z0-9_-]+):(\\$LATEST(?:\\.PUBLISHED)?|[0-9]+)/durable-execution/([a-zA-Z0-9_-]+)/([a-zA-Z0-9_-]+)';

await createWorkflow(lambda, 'adder', WORKFLOW, 120);
await createWorkflow(lambda, 'waiting', CALLBACK_WORKFLOW);
await createWorkflow(lambda, 'brief', CALLBACK_WORKFLOW, 2);

async function run(payload: unknown, name: string) {
  const before = Date.now();
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'adder', Qualifier: '$LATEST', DurableExecutionName: name, Payload: Buffer.from(JSON.stringify(payload)) }));
  return { arn: out.DurableExecutionArn!, before, after: Date.now() };
}

const get = (arn: string, IncludeExecutionData?: boolean) => lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn, IncludeExecutionData }));

function assertWithin(date: Date | undefined, from: number, to: number): void {
  assert.ok(date instanceof Date);
  // Whole-second slack either way: the server's clock reading is its own.
  assert.ok(date.getTime() >= from - 1000 && date.getTime() <= to + 1000, `${date.toISOString()} not within the call`);
}

describe('GetDurableExecution', { concurrency: true }, () => {
  it('of a succeeded execution answers every member', async () => {
    const { arn, before, after } = await run({ a: 2, b: 3 }, 'sum-5');
    const { $metadata, StartTimestamp, EndTimestamp, ...rest } = await get(arn);
    assert.equal($metadata.httpStatusCode, 200);
    assert.deepEqual(rest, {
      DurableExecutionArn: arn,
      DurableExecutionName: 'sum-5',
      FunctionArn: functionArn('adder:$LATEST'),
      Version: '$LATEST',
      Status: 'SUCCEEDED',
      InputPayload: '{"a":2,"b":3}',
      Result: '{"sum":5}',
      ExecutionDataIncluded: true,
      DurableConfig: { ExecutionTimeout: 120, RetentionPeriodInDays: 14 },
    });
    assertWithin(StartTimestamp, before, after);
    assertWithin(EndTimestamp, before, after);
    assert.ok(EndTimestamp!.getTime() >= StartTimestamp!.getTime());
  });

  it('of a failed execution answers its Error', async () => {
    const { arn } = await run({ a: -2, b: 1 }, 'negative');
    const exec = await get(arn, true);
    assert.equal(exec.Status, 'FAILED');
    assert.deepEqual(exec.Error, { ErrorType: 'RangeError', ErrorMessage: 'negative sum -1' });
    assert.equal(exec.Result, undefined);
    assert.equal(exec.InputPayload, '{"a":-2,"b":1}');
  });

  it('with IncludeExecutionData false leaves out input, result and error', async () => {
    const succeeded = await get((await run({ a: 1, b: 1 }, 'quiet')).arn, false);
    assert.equal(succeeded.ExecutionDataIncluded, false);
    assert.equal(succeeded.Status, 'SUCCEEDED');
    for (const member of ['InputPayload', 'Result', 'Error'] as const) assert.equal(succeeded[member], undefined, member);
    const failed = await get((await run({ a: -5, b: 1 }, 'quiet-failure')).arn, false);
    assert.equal(failed.Status, 'FAILED');
    assert.equal(failed.Error, undefined);
  });

  it('of a running execution has no EndTimestamp, Result or Error yet', async () => {
    const arn = await startAsync(lambda, 'waiting', { w: 1 });
    await callbackIdOf(lambda, arn);
    const exec = await get(arn);
    assert.equal(exec.Status, 'RUNNING');
    assert.ok(exec.StartTimestamp instanceof Date);
    for (const member of ['EndTimestamp', 'Result', 'Error'] as const) assert.equal(exec[member], undefined, member);
    assert.equal(exec.InputPayload, '{"w":1}');
  });

  it('of an execution past its ExecutionTimeout answers TIMED_OUT with the service\'s error', async () => {
    const arn = await startAsync(lambda, 'brief', {});
    const exec = await ended(lambda, arn);
    assert.equal(exec.Status, 'TIMED_OUT');
    assert.deepEqual(exec.Error, { ErrorMessage: 'Execution timed out after 2 seconds.' });
    assert.ok(exec.EndTimestamp!.getTime() - exec.StartTimestamp!.getTime() >= 2000);
    const listed = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'brief', Statuses: ['TIMED_OUT'] }));
    assert.deepEqual(listed.DurableExecutions!.map((e) => e.DurableExecutionArn), [arn]);
  });

  it('of an ARN that names no execution is ResourceNotFoundException 404', async () => {
    const { arn } = await run({ a: 0, b: 0 }, 'zero');
    const notFound = { name: 'ResourceNotFoundException', status: 404, type: 'User' as const, message: 'Durable Execution does not exist' };
    const id = arn.split('/').at(-1)!;
    await rejectsWith(get(arn.replace(id, '00000000-0000-0000-0000-000000000000')), notFound);
    await rejectsWith(get(arn.replace('function:adder:', 'function:nosuch:')), notFound);
    await rejectsWith(get(arn.replace(':$LATEST/', ':7/')), notFound);
  });

  it('of a malformed ARN is ValidationException', async () => {
    for (const arn of ['arn:aws:lambda:us-east-1:000000000000:function:adder', 'not-an-arn']) {
      await rejectsWith(get(arn), validation(`Value '${arn}' at 'durableExecutionArn' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ARN_PATTERN}`));
    }
  });
});
