/**
 * An event source mapping invokes a durable function synchronously: each batch starts an execution, and
 * the messages are deleted only once the whole execution (a wait included) has succeeded.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, ListDurableExecutionsByFunctionCommand, GetDurableExecutionCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { startMoto } from '../support/moto.js';
import { until } from '../support/timing.js';
import { MotoQueues } from '../sources/sqs/helpers.js';
import { DURABLE_RUNTIME, workflowZip } from '../support/durable.js';

const moto = await startMoto();
const queues = new MotoQueues(moto, { visibilityAfterMapping: true });
after(() => queues.destroy());
const server = await startLambkin({ env: moto.env });
after(() => server.stop());
const lambda = server.client();

const WORKFLOW = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  const bodies = await context.step('read', async () => event.Records.map((r) => r.body));
  await context.wait({ seconds: 1 });
  return { bodies };
});
`;

test('an SQS batch runs a whole durable execution, and is deleted once it has succeeded', async () => {
  await lambda.send(new CreateFunctionCommand({
    FunctionName: 'from-queue', Runtime: DURABLE_RUNTIME, Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/r',
    Code: { ZipFile: await workflowZip(WORKFLOW) }, DurableConfig: { ExecutionTimeout: 300 }, Timeout: 30,
  }));
  const queue = await queues.create('durable');
  await queues.map(lambda, 'from-queue:$LATEST', queue.arn, { BatchSize: 1 });
  await queues.send(queue.url, [{ MessageBody: 'first' }]);
  const listed = async () => (await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'from-queue' }))).DurableExecutions ?? [];
  await until('the execution succeeded', async () => (await listed()).some((e) => e.Status === 'SUCCEEDED'));
  await until('the queue is empty', async () => (await queues.remaining(queue.url)) === 0);
  const [execution] = await listed();
  const got = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: execution!.DurableExecutionArn }));
  assert.deepEqual(JSON.parse(got.Result!), { bodies: ['first'] });
  assert.equal((await listed()).length, 1, 'one execution for the one batch');
});
