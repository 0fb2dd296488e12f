/** Spot checks through boto3 and the AWS CLI v1 on PATH (both know the durable operations), with exact answers. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { CALLBACK_WORKFLOW, bodyOf, callbackIdOf, createWorkflow, ended, functionArn, startAsync } from './helpers.js';

const run = promisify(execFile);
const server = await startLambkin();
const lambda = server.client();
const SCRIPT = new URL('../../spot/boto3_durable.py', import.meta.url).pathname;
const ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' };

const GREETING = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => ({ greeting: await context.step('greet', async () => 'hello ' + event.who) }));
`;

await createWorkflow(lambda, 'greeter', GREETING);
await createWorkflow(lambda, 'held', CALLBACK_WORKFLOW);

describe('other clients', { concurrency: true }, () => {
  it('boto3 reads, lists, pages the history of and stops durable executions', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'greeter', Qualifier: '$LATEST', DurableExecutionName: 'py', Payload: Buffer.from('{"who":"py"}') }));
    assert.equal(bodyOf(out), '{"greeting":"hello py"}');
    const succeeded = out.DurableExecutionArn!;
    const running = await startAsync(lambda, 'held', {});
    await callbackIdOf(lambda, running);
    const { stdout } = await run('python3', [SCRIPT, server.url, 'greeter', succeeded, running], { env: ENV });
    assert.deepEqual(JSON.parse(stdout), {
      get: {
        DurableExecutionArn: succeeded, DurableExecutionName: 'py', FunctionArn: functionArn('greeter:$LATEST'), Status: 'SUCCEEDED',
        InputPayload: '{"who":"py"}', Result: '{"greeting":"hello py"}', Version: '$LATEST',
      },
      members: ['DurableExecutionArn', 'DurableExecutionName', 'EndTimestamp', 'FunctionArn', 'InputPayload', 'ResponseMetadata', 'Result', 'StartTimestamp', 'Status', 'Version'],
      times: [true, true],
      listed: [[succeeded, 'SUCCEEDED']],
      history: [
        [1, 'ExecutionStarted', null], [2, 'StepStarted', 'greet'], [3, 'StepSucceeded', 'greet'],
        [4, 'InvocationCompleted', null], [5, 'ExecutionSucceeded', null],
      ],
      paged: [3, false],
      started: { Input: { Payload: '{"who":"py"}' }, ExecutionTimeout: 300 },
      stopped: [true, 'STOPPED', { ErrorType: 'Stopped', ErrorMessage: 'by boto3' }],
      missing: ['ResourceNotFoundException', 'Durable Execution does not exist', 404],
      two_statuses: ['InvalidParameterValueException', 'Cannot filter by more than one status', 400],
    });
  });

  it('the AWS CLI v1 completes a callback and reads the history', async () => {
    const arn = await startAsync(lambda, 'held', { from: 'cli' });
    const callbackId = await callbackIdOf(lambda, arn);
    const aws = async (...args: string[]) => (await run('aws', ['lambda', ...args, '--endpoint-url', server.url, '--region', 'us-east-1', '--output', 'json'], { env: ENV })).stdout;
    assert.equal(await aws('send-durable-execution-callback-success', '--callback-id', callbackId, '--result', '"from the CLI"'), '');
    assert.equal(JSON.parse((await ended(lambda, arn)).Result!).got, '"from the CLI"');
    const events = JSON.parse(await aws('get-durable-execution-history', '--durable-execution-arn', arn)) as { Events: { EventType: string; CallbackSucceededDetails?: unknown }[] };
    assert.deepEqual(events.Events.map((e) => e.EventType), [
      'ExecutionStarted', 'CallbackStarted', 'InvocationCompleted', 'CallbackSucceeded', 'InvocationCompleted', 'ExecutionSucceeded',
    ]);
    assert.deepEqual(events.Events[3]!.CallbackSucceededDetails, { Result: { Payload: '"from the CLI"' } });
    const failed = await aws('send-durable-execution-callback-success', '--callback-id', callbackId, '--result', '"again"')
      .then(() => assert.fail('expected the CLI to fail'), (e: { stderr: string; code: number }) => e);
    assert.equal(failed.code, 255);
    assert.equal(failed.stderr.trim(), 'An error occurred (CallbackTimeoutException) when calling the SendDurableExecutionCallbackSuccess operation: The callback is either timed out or already completed');
  });
});
