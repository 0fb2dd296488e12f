/** How a durable function may be invoked: qualified only, synchronously only when its execution fits in 15 minutes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvokeAsyncCommand, InvokeCommand, InvokeWithResponseStreamCommand, ListDurableExecutionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { invalidParameter, rejectsWith } from '../functions/fixtures.js';
import { bodyOf, createWorkflow, ended, functionArn } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();

const ECHO = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => ({ echoed: await context.step('echo', async () => event) }));
`;
const UNQUALIFIED = 'You cannot invoke a durable function using an unqualified ARN.';
const TOO_LONG_FOR_SYNC = 'You cannot synchronously invoke a durable function with an executionTimeout greater than 15 minutes.';
const ARN = /^arn:aws:lambda:us-east-1:000000000000:function:(\w+):\$LATEST\/durable-execution\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

await createWorkflow(lambda, 'rules', ECHO, 900);
await createWorkflow(lambda, 'long', ECHO, 901);

const executionsOf = async (name: string) => (await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: name }))).DurableExecutions;

describe('invoking a durable function', { concurrency: true }, () => {
  it('is refused unqualified, by name or ARN, for every invocation type, and starts nothing', async () => {
    for (const FunctionName of ['rules', functionArn('rules')]) {
      for (const InvocationType of ['RequestResponse', 'Event', 'DryRun'] as const) {
        await rejectsWith(lambda.send(new InvokeCommand({ FunctionName, InvocationType, Payload: Buffer.from('{}') })), invalidParameter(UNQUALIFIED));
      }
    }
    // The qualifier may come in the ARN instead of the Qualifier parameter.
    const out = await lambda.send(new InvokeCommand({ FunctionName: `${functionArn('rules')}:$LATEST`, Payload: Buffer.from('{"via":"arn"}') }));
    assert.deepEqual(JSON.parse(bodyOf(out)), { echoed: { via: 'arn' } });
  });

  it('synchronously with ExecutionTimeout 900 waits for the result', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'rules', Qualifier: '$LATEST', Payload: Buffer.from('{"n":1}') }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, undefined);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(bodyOf(out), '{"echoed":{"n":1}}');
    assert.equal(ARN.exec(out.DurableExecutionArn!)?.[1], 'rules');
  });

  it('synchronously with ExecutionTimeout above 900 is refused; Event and DryRun are not', async () => {
    await rejectsWith(lambda.send(new InvokeCommand({ FunctionName: 'long', Qualifier: '$LATEST', Payload: Buffer.from('{}') })), invalidParameter(TOO_LONG_FOR_SYNC));
    await rejectsWith(lambda.send(new InvokeCommand({ FunctionName: 'long', Qualifier: '$LATEST', InvocationType: 'RequestResponse' })), invalidParameter(TOO_LONG_FOR_SYNC));
    const dry = await lambda.send(new InvokeCommand({ FunctionName: 'long', Qualifier: '$LATEST', InvocationType: 'DryRun' }));
    assert.equal(dry.StatusCode, 204);
    const queued = await lambda.send(new InvokeCommand({ FunctionName: 'long', Qualifier: '$LATEST', InvocationType: 'Event', Payload: Buffer.from('{"n":2}') }));
    assert.equal(queued.StatusCode, 202);
    assert.equal(ARN.exec(queued.DurableExecutionArn!)?.[1], 'long');
    const exec = await ended(lambda, queued.DurableExecutionArn!);
    assert.equal(exec.Status, 'SUCCEEDED');
    assert.equal(exec.Result, '{"echoed":{"n":2}}');
    assert.deepEqual((await executionsOf('long'))!.map((e) => e.DurableExecutionArn), [queued.DurableExecutionArn]);
  });

  it('as DryRun answers 204 with no body and no execution', async () => {
    await createWorkflow(lambda, 'dry', ECHO);
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'dry', Qualifier: '$LATEST', InvocationType: 'DryRun', Payload: Buffer.from('{}') }));
    assert.equal(out.StatusCode, 204);
    assert.equal(out.DurableExecutionArn, undefined);
    assert.equal(bodyOf(out), '');
    assert.deepEqual(await executionsOf('dry'), []);
  });

  it('as Event answers 202 with the execution ARN in the X-Amz-Durable-Execution-Arn header, and runs it', async () => {
    await createWorkflow(lambda, 'queued', ECHO);
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'queued', Qualifier: '$LATEST', InvocationType: 'Event', Payload: Buffer.from('{"k":"v"}') }));
    assert.equal(out.StatusCode, 202);
    assert.equal(bodyOf(out), '');
    assert.equal(ARN.exec(out.DurableExecutionArn!)?.[1], 'queued');
    const exec = await ended(lambda, out.DurableExecutionArn!);
    assert.equal(exec.Status, 'SUCCEEDED');
    assert.equal(exec.InputPayload, '{"k":"v"}');
    assert.equal(exec.Result, '{"echoed":{"k":"v"}}');
  });

  it('with no payload starts the execution with the input {}', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'rules', Qualifier: '$LATEST' }));
    assert.equal(bodyOf(out), '{"echoed":{}}');
    assert.equal((await ended(lambda, out.DurableExecutionArn!)).InputPayload, '{}');
  });

  it('as Event takes at most 256 KB of input, synchronously more', async () => {
    await createWorkflow(lambda, 'sized', ECHO);
    // A JSON string whose encoding is exactly the limit, and one byte more.
    const ofSize = (bytes: number) => Buffer.from(JSON.stringify('x'.repeat(bytes - 2)));
    await rejectsWith(lambda.send(new InvokeCommand({ FunctionName: 'sized', Qualifier: '$LATEST', InvocationType: 'Event', Payload: ofSize(262_145) })),
      { name: 'RequestTooLargeException', status: 413, type: 'User', message: 'Request must be smaller than 262144 bytes for the InvokeFunction operation' });
    assert.deepEqual(await executionsOf('sized'), []);
    const queued = await lambda.send(new InvokeCommand({ FunctionName: 'sized', Qualifier: '$LATEST', InvocationType: 'Event', Payload: ofSize(262_144) }));
    assert.equal(queued.StatusCode, 202);
    assert.equal((await ended(lambda, queued.DurableExecutionArn!)).InputPayload!.length, 262_144);
    await createWorkflow(lambda, 'measures', `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event) => ({ length: event.length }));
`);
    const sync = await lambda.send(new InvokeCommand({ FunctionName: 'measures', Qualifier: '$LATEST', Payload: ofSize(300_000) }));
    assert.equal(bodyOf(sync), '{"length":299998}');
  });

  it('with the legacy InvokeAsync is refused, unqualified as every invoke is, and qualified too', async () => {
    await createWorkflow(lambda, 'legacy', ECHO);
    await rejectsWith(lambda.send(new InvokeAsyncCommand({ FunctionName: 'legacy', InvokeArgs: Buffer.from('{}') })), invalidParameter(UNQUALIFIED));
    await rejectsWith(lambda.send(new InvokeAsyncCommand({ FunctionName: 'legacy:$LATEST', InvokeArgs: Buffer.from('{}') })),
      invalidParameter('InvokeAsync is not supported for durable functions.'));
    assert.deepEqual(await executionsOf('legacy'), []);
  });

  it('with InvokeWithResponseStream unqualified is refused', async () => {
    await rejectsWith(lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'rules', Payload: Buffer.from('{}') })), invalidParameter(UNQUALIFIED));
  });

  it('with InvokeWithResponseStream qualified waits for the execution and streams its result', async () => {
    await createWorkflow(lambda, 'streamed', ECHO);
    const out = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: 'streamed', Qualifier: '$LATEST', Payload: Buffer.from('{"n":1}') }));
    assert.equal(out.StatusCode, 200);
    assert.equal(out.ExecutedVersion, '$LATEST');
    const chunks: Buffer[] = [];
    let complete: unknown;
    for await (const event of out.EventStream!) {
      if (event.PayloadChunk?.Payload) chunks.push(Buffer.from(event.PayloadChunk.Payload));
      if (event.InvokeComplete) complete = event.InvokeComplete;
    }
    assert.equal(Buffer.concat(chunks).toString(), '{"echoed":{"n":1}}');
    assert.deepEqual(complete, {});
    assert.equal((await executionsOf('streamed'))!.length, 1);
  });
});
