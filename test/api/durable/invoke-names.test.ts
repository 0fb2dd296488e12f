/** DurableExecutionName: one execution per name and function; the same input finds it again, another is refused. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateFunctionCommand, InvokeCommand, ListDurableExecutionsByFunctionCommand, SendDurableExecutionCallbackSuccessCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { makeZip, NODE_ECHO } from '../../support/zip.js';
import { invalidParameter, rejectsWith, validation } from '../functions/fixtures.js';
import { CALLBACK_WORKFLOW, ROLE, bodyOf, callbackIdOf, createWorkflow, ended, startAsync } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();

const NAME_PATTERN = 'Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+';

await createWorkflow(lambda, 'named', CALLBACK_WORKFLOW);
await createWorkflow(lambda, 'other', CALLBACK_WORKFLOW);

describe('a durable execution name', { concurrency: true }, () => {
  it('given again with the same input answers the same execution, and a synchronous invoke waits for its result', async () => {
    const arn = await startAsync(lambda, 'named', { order: 1 }, { DurableExecutionName: 'order-1' });
    assert.match(arn, /^arn:aws:lambda:us-east-1:000000000000:function:named:\$LATEST\/durable-execution\/order-1\/[0-9a-f-]{36}$/);
    assert.equal(await startAsync(lambda, 'named', { order: 1 }, { DurableExecutionName: 'order-1' }), arn);
    const attached = lambda.send(new InvokeCommand({
      FunctionName: 'named', Qualifier: '$LATEST', DurableExecutionName: 'order-1', Payload: Buffer.from('{"order":1}'),
    }));
    const callbackId = await callbackIdOf(lambda, arn);
    await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('approved') }));
    const out = await attached;
    assert.equal(out.StatusCode, 200);
    assert.equal(out.DurableExecutionArn, arn);
    assert.equal(bodyOf(out), '{"input":{"order":1},"got":"approved"}');
    const listed = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'named', DurableExecutionName: 'order-1' }));
    assert.deepEqual(listed.DurableExecutions!.map((e) => [e.DurableExecutionArn, e.DurableExecutionName, e.Status]), [[arn, 'order-1', 'SUCCEEDED']]);
    // Once ended, the same name and input still answer that execution: its result, nothing run again.
    const again = await lambda.send(new InvokeCommand({
      FunctionName: 'named', Qualifier: '$LATEST', DurableExecutionName: 'order-1', Payload: Buffer.from('{"order":1}'),
    }));
    assert.equal(again.DurableExecutionArn, arn);
    assert.equal(bodyOf(again), '{"input":{"order":1},"got":"approved"}');
  });

  it('given again with another input is refused with DurableExecutionAlreadyStartedException 409', async () => {
    const arn = await startAsync(lambda, 'named', { order: 2 }, { DurableExecutionName: 'order-2' });
    const conflict = {
      name: 'DurableExecutionAlreadyStartedException', status: 409, type: 'User' as const,
      message: 'Durable execution with name order-2 already exists with a different input.',
    };
    await rejectsWith(startAsync(lambda, 'named', { order: 3 }, { DurableExecutionName: 'order-2' }), conflict);
    await rejectsWith(lambda.send(new InvokeCommand({
      FunctionName: 'named', Qualifier: '$LATEST', DurableExecutionName: 'order-2', Payload: Buffer.from('{"order":2 }'),
    })), conflict);
    const callbackId = await callbackIdOf(lambda, arn);
    await lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('done') }));
    assert.equal((await ended(lambda, arn)).Result, '{"input":{"order":2},"got":"done"}');
    await rejectsWith(startAsync(lambda, 'named', { order: 3 }, { DurableExecutionName: 'order-2' }), conflict);
  });

  it('given by several invokes at once starts one execution that all of them answer', async () => {
    const arns = await Promise.all(Array.from({ length: 6 }, () => startAsync(lambda, 'named', { race: true }, { DurableExecutionName: 'raced' })));
    assert.equal(new Set(arns).size, 1);
    const listed = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'named', DurableExecutionName: 'raced' }));
    assert.deepEqual(listed.DurableExecutions!.map((e) => e.DurableExecutionArn), [arns[0]]);
  });

  it('belongs to one function: another function may use it for its own execution', async () => {
    const first = await startAsync(lambda, 'named', { shared: true }, { DurableExecutionName: 'shared' });
    const second = await startAsync(lambda, 'other', { shared: false }, { DurableExecutionName: 'shared' });
    assert.notEqual(first, second);
    assert.match(second, /^arn:aws:lambda:us-east-1:000000000000:function:other:\$LATEST\/durable-execution\/shared\/[0-9a-f-]{36}$/);
  });

  it('on a function that is not durable is refused', async () => {
    await lambda.send(new CreateFunctionCommand({
      FunctionName: 'plain', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: await makeZip(NODE_ECHO) },
    }));
    await rejectsWith(lambda.send(new InvokeCommand({ FunctionName: 'plain', DurableExecutionName: 'x', Payload: Buffer.from('{}') })),
      invalidParameter('A durable execution name can only be given when invoking a durable function.'));
  });

  it('must match the pattern and be at most 64 characters', async () => {
    await rejectsWith(startAsync(lambda, 'named', {}, { DurableExecutionName: 'no spaces' }),
      validation(`Value 'no spaces' at 'durableExecutionName' failed to satisfy constraint: ${NAME_PATTERN}`));
    const long = 'n'.repeat(65);
    await rejectsWith(startAsync(lambda, 'named', {}, { DurableExecutionName: long }),
      validation(`Value '${long}' at 'durableExecutionName' failed to satisfy constraint: Member must have length less than or equal to 64`));
    const longest = 'n'.repeat(64);
    assert.match(await startAsync(lambda, 'named', {}, { DurableExecutionName: longest }), new RegExp(`/durable-execution/${longest}/`));
  });
});
