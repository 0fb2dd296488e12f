// Chained invokes (`context.invoke`): the service invokes the target, a plain function once or a durable
// one as an execution of its own, and resumes the caller with the answer or the failure.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { CreateFunctionCommand, InvokeCommand, ListDurableExecutionsByFunctionCommand, StopDurableExecutionCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { makeZip } from '../support/zip.js';
import { deployWorkflow, eventNames, eventually, historyOf } from '../support/durable-executions.js';

const server = await startLambkin();
after(() => server.stop());
const lambda = server.client();

const CALLER = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  try {
    return { result: await context.invoke('call', event.target, event.input) };
  } catch (err) {
    return { error: err.name, message: err.message, cause: err.cause && { name: err.cause.name, message: err.cause.message } };
  }
});
`;
const DURABLE_TARGET = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  const sum = await context.step('add', async () => event.a + event.b);
  await context.wait({ seconds: 1 });
  if (sum < 0) throw new RangeError('negative sum ' + sum);
  return { sum };
});
`;
const SLEEPER = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  await context.wait({ seconds: 30 });
  return 'woke';
});
`;
const PLAIN_TARGET = `
exports.handler = async (event) => {
  if (event.a < 0) throw new TypeError('a must not be negative');
  return { product: event.a * event.b };
};
`;

await deployWorkflow(lambda, 'caller', CALLER);
await deployWorkflow(lambda, 'adder', DURABLE_TARGET);
await deployWorkflow(lambda, 'sleeper', SLEEPER);
await deployWorkflow(lambda, 'short-sleeper', SLEEPER, { executionTimeout: 2 });
await lambda.send(new CreateFunctionCommand({
  FunctionName: 'multiplier', Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/r',
  Code: { ZipFile: await makeZip({ 'index.js': PLAIN_TARGET }) },
}));

async function call(target: string, input: object): Promise<{ answer: unknown; arn: string }> {
  const out = await lambda.send(new InvokeCommand({
    FunctionName: 'caller', Qualifier: '$LATEST', Payload: Buffer.from(JSON.stringify({ target, input })),
  }));
  assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload!).toString());
  return { answer: JSON.parse(Buffer.from(out.Payload!).toString()), arn: out.DurableExecutionArn! };
}

test('a chained invoke of a plain function resumes the workflow with its answer', async () => {
  const { answer, arn } = await call('multiplier', { a: 6, b: 7 });
  assert.deepEqual(answer, { result: { product: 42 } });
  const events = await historyOf(lambda, arn);
  assert.deepEqual(eventNames(events).filter((t) => t !== 'InvocationCompleted'), [
    'ExecutionStarted', 'ChainedInvokeStarted:call', 'ChainedInvokeSucceeded:call', 'ExecutionSucceeded',
  ]);
  assert.deepEqual(events.find((e) => e.EventType === 'ChainedInvokeSucceeded')!.ChainedInvokeSucceededDetails, { Result: { Payload: '{"product":42}' } });
  // As AWS records it: the target's name as given, the input, and the version that ran.
  assert.deepEqual(events.find((e) => e.EventType === 'ChainedInvokeStarted')!.ChainedInvokeStartedDetails, {
    FunctionName: 'multiplier', Input: { Payload: '{"a":6,"b":7}' }, ExecutedVersion: '$LATEST',
  });
});

test('a plain function that throws fails the chained invoke with its error', async () => {
  const { answer, arn } = await call('multiplier', { a: -1, b: 7 });
  // The SDK raises it in the workflow as an InvokeError carrying the target's message.
  assert.deepEqual(answer, { error: 'InvokeError', message: 'a must not be negative', cause: { name: 'Error', message: 'a must not be negative' } });
  const events = await historyOf(lambda, arn);
  const failed = events.find((e) => e.EventType === 'ChainedInvokeFailed')!;
  assert.equal(failed.Name, 'call');
  const error = failed.ChainedInvokeFailedDetails!.Error!.Payload!;
  assert.deepEqual([error.ErrorType, error.ErrorMessage], ['TypeError', 'a must not be negative']);
  assert.deepEqual(eventNames(events).filter((t) => t !== 'InvocationCompleted'), [
    'ExecutionStarted', 'ChainedInvokeStarted:call', 'ChainedInvokeFailed:call', 'ExecutionSucceeded',
  ]);
});

test('a chained invoke of a durable function runs an execution of it and resumes with its result', async () => {
  const { answer, arn } = await call('adder:$LATEST', { a: 2, b: 3 });
  assert.deepEqual(answer, { result: { sum: 5 } });
  assert.deepEqual(eventNames(await historyOf(lambda, arn)).filter((t) => t !== 'InvocationCompleted'), [
    'ExecutionStarted', 'ChainedInvokeStarted:call', 'ChainedInvokeSucceeded:call', 'ExecutionSucceeded',
  ]);
  // The target ran as an execution of its own, which a replay of the caller did not start twice.
  const children = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'adder', Qualifier: '$LATEST' }));
  assert.deepEqual(children.DurableExecutions!.map((e) => e.Status), ['SUCCEEDED']);
  const child = children.DurableExecutions![0]!;
  const started = (await historyOf(lambda, arn)).find((e) => e.EventType === 'ChainedInvokeStarted')!;
  assert.deepEqual(started.ChainedInvokeStartedDetails, {
    FunctionName: 'adder:$LATEST', Input: { Payload: '{"a":2,"b":3}' }, ExecutedVersion: '$LATEST', DurableExecutionArn: child.DurableExecutionArn,
  });
  assert.deepEqual(eventNames(await historyOf(lambda, child.DurableExecutionArn!)).filter((t) => t !== 'InvocationCompleted'), [
    'ExecutionStarted', 'StepStarted:add', 'StepSucceeded:add', 'WaitStarted', 'WaitSucceeded', 'ExecutionSucceeded',
  ]);
});

test('a durable target that fails fails the chained invoke with its error', async () => {
  const { answer, arn } = await call('adder:$LATEST', { a: -5, b: 1 });
  assert.deepEqual(answer, { error: 'InvokeError', message: 'negative sum -4', cause: { name: 'Error', message: 'negative sum -4' } });
  const failed = (await historyOf(lambda, arn)).find((e) => e.EventType === 'ChainedInvokeFailed')!;
  assert.deepEqual(failed.ChainedInvokeFailedDetails, { Error: { Payload: { ErrorType: 'RangeError', ErrorMessage: 'negative sum -4' } } });
  const children = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'adder', Qualifier: '$LATEST', Statuses: ['FAILED'] }));
  assert.equal(children.DurableExecutions!.length, 1);
});

async function refusal(arn: string): Promise<unknown> {
  return (await historyOf(lambda, arn)).find((e) => e.EventType === 'ChainedInvokeFailed')!.ChainedInvokeFailedDetails;
}

test('a chained invoke the target refuses fails with the refusal: unqualified durable target, missing function', async () => {
  const unqualified = await call('adder', { a: 1, b: 1 });
  const noQualifier = 'You cannot invoke a durable function using an unqualified ARN.';
  assert.deepEqual(unqualified.answer, { error: 'InvokeError', message: noQualifier, cause: { name: 'Error', message: noQualifier } });
  assert.deepEqual(await refusal(unqualified.arn), { Error: { Payload: { ErrorType: 'InvalidParameterValueException', ErrorMessage: noQualifier } } });
  const missing = await call('nobody-here', { a: 1, b: 1 });
  const notFound = 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nobody-here';
  assert.deepEqual(await refusal(missing.arn), { Error: { Payload: { ErrorType: 'ResourceNotFoundException', ErrorMessage: notFound } } });
});

test('a durable target that is stopped ends the chained invoke ChainedInvokeStopped', async () => {
  const calling = call('sleeper:$LATEST', {});
  const childArn = await eventually('the target execution', async () => {
    const page = await lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: 'sleeper', Qualifier: '$LATEST' }));
    return page.DurableExecutions?.[0]?.DurableExecutionArn;
  });
  const error = { ErrorType: 'Cancelled', ErrorMessage: 'target stopped' };
  await lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: childArn, Error: error }));
  const { answer, arn } = await calling;
  assert.deepEqual(answer, { error: 'InvokeError', message: 'target stopped', cause: { name: 'Error', message: 'target stopped' } });
  const events = await historyOf(lambda, arn);
  assert.deepEqual(eventNames(events).filter((t) => t.startsWith('Chained')), ['ChainedInvokeStarted:call', 'ChainedInvokeStopped:call']);
  assert.deepEqual(events.find((e) => e.EventType === 'ChainedInvokeStopped')!.ChainedInvokeStoppedDetails, { Error: { Payload: error } });
});

test('a durable target that times out ends the chained invoke ChainedInvokeTimedOut', async () => {
  const { answer, arn } = await call('short-sleeper:$LATEST', {});
  const timedOut = 'Execution timed out after 2 seconds.';
  assert.deepEqual(answer, { error: 'InvokeError', message: timedOut, cause: { name: 'Error', message: timedOut } });
  const events = await historyOf(lambda, arn);
  assert.deepEqual(eventNames(events).filter((t) => t.startsWith('Chained')), ['ChainedInvokeStarted:call', 'ChainedInvokeTimedOut:call']);
  const details = events.find((e) => e.EventType === 'ChainedInvokeTimedOut')!.ChainedInvokeTimedOutDetails!;
  assert.equal(details.Error!.Payload!.ErrorMessage, timedOut);
});
