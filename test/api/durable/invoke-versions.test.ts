/** Invoking a durable function by version or alias pins the execution to that version, replays included. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateAliasCommand, GetDurableExecutionCommand, GetFunctionConfigurationCommand, InvokeCommand, PublishVersionCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { workflowZip } from '../../support/durable.js';
import { bodyOf, createWorkflow, eventually, functionArn } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();

/** Which code ran each invocation shows in the two steps either side of a wait. */
const codeSaying = (word: string) => `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  const before = await context.step('before', async () => '${word}');
  await context.wait({ seconds: 1 });
  return { before, after: await context.step('after', async () => '${word}') };
});
`;

const settled = (name: string) => eventually(`${name} to settle`, async () => {
  const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  return config.State === 'Active' && config.LastUpdateStatus === 'Successful' ? config : undefined;
});

await createWorkflow(lambda, 'pinned', codeSaying('one'));
await settled('pinned');
assert.equal((await lambda.send(new PublishVersionCommand({ FunctionName: 'pinned' }))).Version, '1');
await lambda.send(new CreateAliasCommand({ FunctionName: 'pinned', Name: 'live', FunctionVersion: '1' }));
await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'pinned', ZipFile: await workflowZip(codeSaying('two')) }));
await settled('pinned');

const ARN_OF_VERSION_1 = /^arn:aws:lambda:us-east-1:000000000000:function:pinned:1\/durable-execution\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

describe('a durable function invoked by', { concurrency: true }, () => {
  for (const qualifier of ['live', '1']) {
    it(`qualifier ${qualifier} runs version 1 in every invocation, and the execution says so`, async () => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'pinned', Qualifier: qualifier, Payload: Buffer.from('{}') }));
      assert.equal(out.StatusCode, 200);
      assert.equal(out.ExecutedVersion, '1');
      assert.equal(bodyOf(out), '{"before":"one","after":"one"}');
      assert.match(out.DurableExecutionArn!, ARN_OF_VERSION_1);
      const exec = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: out.DurableExecutionArn }));
      assert.equal(exec.Version, '1');
      assert.equal(exec.FunctionArn, functionArn('pinned:1'));
    });
  }

  it('the alias ARN behaves as the alias', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: functionArn('pinned:live'), InvocationType: 'Event', Payload: Buffer.from('{}') }));
    assert.equal(out.StatusCode, 202);
    assert.match(out.DurableExecutionArn!, ARN_OF_VERSION_1);
  });

  it('$LATEST runs the newest code', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'pinned', Qualifier: '$LATEST', Payload: Buffer.from('{}') }));
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.equal(bodyOf(out), '{"before":"two","after":"two"}');
    const exec = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: out.DurableExecutionArn }));
    assert.equal(exec.Version, '$LATEST');
    assert.equal(exec.FunctionArn, functionArn('pinned:$LATEST'));
  });
});
