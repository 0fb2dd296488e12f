/**
 * Driving durable executions from a test through the JS SDK: deploy a workflow, wait (by polling, with
 * a generous deadline) for an execution to reach a status, read its whole history.
 */
import {
  CreateFunctionCommand, GetDurableExecutionCommand, GetDurableExecutionHistoryCommand,
  type Event, type GetDurableExecutionCommandOutput, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { DURABLE_RUNTIME, workflowZip } from './durable.js';
import type { TestServer } from './server.js';

const ROLE = 'arn:aws:iam::000000000000:role/r';
const POLL_MS = 100;

export interface WorkflowOptions { executionTimeout?: number; timeout?: number; environment?: Record<string, string> }

/** Creates a durable function running `source` (see workflowZip). */
export async function deployWorkflow(lambda: LambdaClient, name: string, source: string, options: WorkflowOptions = {}): Promise<void> {
  await lambda.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: DURABLE_RUNTIME, Handler: 'index.handler', Role: ROLE,
    Code: { ZipFile: await workflowZip(source) },
    DurableConfig: { ExecutionTimeout: options.executionTimeout ?? 300 },
    Timeout: options.timeout ?? 30,
    ...(options.environment ? { Environment: { Variables: options.environment } } : {}),
  }));
}

/** Polls until `check` answers something other than undefined; fails after `ms` with `what`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The execution once its status is `status`; any other final status fails at once. */
export async function executionWithStatus(lambda: LambdaClient, arn: string, status: string, ms?: number): Promise<GetDurableExecutionCommandOutput> {
  return eventually(`execution ${arn} to be ${status}`, async () => {
    const exec = await lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    if (exec.Status === status) return exec;
    if (exec.Status !== 'RUNNING') throw new Error(`execution ended ${exec.Status}, not ${status}: ${JSON.stringify(exec.Error)}`);
    return undefined;
  }, ms);
}

/** Every event of the execution's history, oldest first. */
export async function historyOf(lambda: LambdaClient, arn: string): Promise<Event[]> {
  const events: Event[] = [];
  let marker: string | undefined;
  do {
    const page = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, IncludeExecutionData: true, Marker: marker }));
    events.push(...(page.Events ?? []));
    marker = page.NextMarker;
  } while (marker);
  return events;
}

/** `EventType` or `EventType:Name` of each event, for comparing a history's order. */
export const eventNames = (events: Event[]): string[] => events.map((e) => (e.Name ? `${e.EventType}:${e.Name}` : e.EventType!));

/** Polls the history until an event matches, then returns it. */
export function eventInHistory(lambda: LambdaClient, arn: string, matches: (e: Event) => boolean, ms?: number): Promise<Event> {
  return eventually('a history event', async () => (await historyOf(lambda, arn)).find(matches), ms);
}

/** Kills the server outright, as a crash would, and starts it again on the same data dir. */
export async function killAndRestart(server: TestServer): Promise<void> {
  await server.stop('SIGKILL');
  await server.restart();
}
