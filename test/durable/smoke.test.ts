import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { DURABLE_RUNTIME, workflowZip } from '../support/durable.js';

const server = await startLambkin();
after(() => server.stop());
const lambda = server.client();

const WORKFLOW = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  const doubled = await context.step('double', async () => event.n * 2);
  await context.wait({ seconds: 1 });
  return { doubled, plusOne: await context.step('plus-one', async () => doubled + 1) };
});
`;

test('a workflow with two steps and a wait answers a synchronous invoke with its result', async () => {
  await lambda.send(new CreateFunctionCommand({
    FunctionName: 'smoke', Runtime: DURABLE_RUNTIME, Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/r',
    Code: { ZipFile: await workflowZip(WORKFLOW) }, DurableConfig: { ExecutionTimeout: 300 },
  }));
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'smoke', Qualifier: '$LATEST', Payload: Buffer.from('{"n":20}') }));
  assert.equal(out.StatusCode, 200);
  assert.equal(out.FunctionError, undefined);
  assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { doubled: 40, plusOne: 41 });
  assert.match(out.DurableExecutionArn!, /^arn:aws:lambda:us-east-1:000000000000:function:smoke:\$LATEST\/durable-execution\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
});
