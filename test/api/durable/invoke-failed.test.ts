/** The synchronous answer of an execution that fails: 200 with the execution's error as an Unhandled function error. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { GetDurableExecutionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { bodyOf, createWorkflow } from './helpers.js';

const server = await startLambkin();
const lambda = server.client();

const FAILING = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
class OrderRejected extends Error { constructor(m) { super(m); this.name = 'OrderRejected'; } }
export const handler = withDurableExecution(async (event, context) => {
  const total = await context.step('total', async () => event.items * 10);
  throw new OrderRejected('total ' + total + ' is over the limit');
});
`;

it('a failed execution answers a synchronous invoke with its error', async () => {
  await createWorkflow(lambda, 'rejects', FAILING);
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'rejects', Qualifier: '$LATEST', Payload: Buffer.from('{"items":7}') }));
  assert.equal(out.StatusCode, 200);
  assert.equal(out.FunctionError, 'Unhandled');
  assert.equal(out.ExecutedVersion, '$LATEST');
  const exec = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: out.DurableExecutionArn }));
  assert.equal(exec.Status, 'FAILED');
  // The SDK sends no stack trace with an execution's error, so the answer has none either.
  assert.deepEqual(exec.Error, { ErrorType: 'OrderRejected', ErrorMessage: 'total 70 is over the limit' });
  assert.deepEqual(JSON.parse(bodyOf(out)), { errorType: 'OrderRejected', errorMessage: 'total 70 is over the limit' });
});
