/** What the durable API tests share: creating durable functions from workflow source and waiting for executions. */
import assert from 'node:assert/strict';
import {
  CreateFunctionCommand, GetDurableExecutionCommand, GetDurableExecutionHistoryCommand, InvokeCommand,
  type Event, type GetDurableExecutionResponse, type InvokeCommandOutput, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { DURABLE_RUNTIME, workflowZip } from '../../support/durable.js';

const ACCOUNT = '000000000000';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/r`;
export const functionArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

/** Generous: the machine running the tests may be busy. */
const DEADLINE_MS = 90_000;

/**
 * A durable function of the workflow. Each invocation may take a minute, far beyond what any needs, so that
 * a busy machine does not time one out and add an invocation the test does not expect.
 */
export async function createWorkflow(lambda: LambdaClient, name: string, source: string, executionTimeout = 300): Promise<void> {
  await lambda.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: DURABLE_RUNTIME, Handler: 'index.handler', Role: ROLE, Timeout: 60,
    Code: { ZipFile: await workflowZip(source) }, DurableConfig: { ExecutionTimeout: executionTimeout },
  }));
}

export const bodyOf = (out: InvokeCommandOutput): string => Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8');

/** Starts an execution with an Event invoke and answers its ARN. */
export async function startAsync(lambda: LambdaClient, name: string, payload: unknown, extra: { Qualifier?: string; DurableExecutionName?: string } = {}): Promise<string> {
  const out = await lambda.send(new InvokeCommand({
    FunctionName: name, Qualifier: '$LATEST', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)), ...extra,
  }));
  assert.equal(out.StatusCode, 202);
  return out.DurableExecutionArn!;
}

/** Polls until `check` answers something other than undefined. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function ended(lambda: LambdaClient, arn: string): Promise<GetDurableExecutionResponse> {
  return eventually(`${arn} to end`, async () => {
    const exec = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    return exec.Status === 'RUNNING' ? undefined : exec;
  });
}

export async function history(lambda: LambdaClient, arn: string): Promise<Event[]> {
  return (await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, MaxItems: 1000 }))).Events ?? [];
}

/**
 * The id of the callback the execution is waiting on, once it has created one and the invocation that
 * created it has ended: from then on nothing changes until the test acts.
 */
export function callbackIdOf(lambda: LambdaClient, arn: string): Promise<string> {
  return eventually(`a callback of ${arn}`, async () => {
    const events = await history(lambda, arn);
    const started = events.findIndex((e) => e.EventType === 'CallbackStarted');
    if (started < 0 || !events.slice(started).some((e) => e.EventType === 'InvocationCompleted')) return undefined;
    return events[started]!.CallbackStartedDetails?.CallbackId;
  });
}

/** A workflow that waits for one callback and answers what it was sent, so it stays RUNNING until the test says. */
export const CALLBACK_WORKFLOW = `
import { withDurableExecution } from '@aws/durable-execution-sdk-js';
export const handler = withDurableExecution(async (event, context) => {
  const [promise] = await context.createCallback('approval');
  return { input: event, got: await promise };
});
`;
