/** Queues in moto and a poller context for driving the SQS source directly, before the manager runs it. */
import {
  CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand, SetQueueAttributesCommand, SQSClient,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { CreateEventSourceMappingCommand, UpdateEventSourceMappingCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { EventSourceMappingConfiguration } from '../../../src/model/types.generated.js';
import type { BatchInvokeResult, PollerContext } from '../../../src/sources/types.js';
import type { Moto } from '../../support/moto.js';
import { after } from 'node:test';

export interface TestQueue { url: string; arn: string }

export class MotoQueues {
  readonly sqs: SQSClient;
  private count = 0;
  /** `visibilityAfterMapping`: for queues mapped through the API (see `create`); a poller driven directly needs none. */
  constructor(moto: Moto, private readonly options: { visibilityAfterMapping?: boolean } = {}) {
    this.sqs = new SQSClient(moto.clientOptions);
  }

  private readonly shortVisibility = new Map<string, { url: string; seconds: string }>();

  /**
   * With `visibilityAfterMapping`, a VisibilityTimeout shorter than the functions' timeout (retries in
   * seconds, not minutes) is set by `mapped()` once the mapping exists: AWS refuses to map a queue that
   * hides messages for less time than the function may run, and checks only when the mapping is created.
   */
  async create(prefix: string, attributes: Record<string, string> = {}): Promise<TestQueue> {
    const fifo = attributes.FifoQueue === 'true';
    const name = `${prefix}-${++this.count}${fifo ? '.fifo' : ''}`;
    const { VisibilityTimeout: visibility, ...rest } = attributes;
    const atCreate = this.options.visibilityAfterMapping ? rest : attributes;
    const { QueueUrl } = await this.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: atCreate }));
    const { Attributes } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    if (visibility !== undefined && this.options.visibilityAfterMapping) {
      this.shortVisibility.set(Attributes!.QueueArn!, { url: QueueUrl!, seconds: visibility });
    }
    return { url: QueueUrl!, arn: Attributes!.QueueArn! };
  }

  /**
   * Maps the queue to the function through the API and waits until it is Enabled. The mapping is created
   * off, so its poller first reads the queue with the VisibilityTimeout the test asked for.
   */
  async map(client: LambdaClient, functionName: string, arn: string, extra: Record<string, unknown> = {}): Promise<string> {
    const out = await client.send(new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: arn, ...extra, Enabled: false }));
    const wanted = this.shortVisibility.get(arn);
    if (wanted) {
      await this.sqs.send(new SetQueueAttributesCommand({ QueueUrl: wanted.url, Attributes: { VisibilityTimeout: wanted.seconds } }));
    }
    await client.send(new UpdateEventSourceMappingCommand({ UUID: out.UUID!, Enabled: true }));
    await waitForState(client, out.UUID!, 'Enabled');
    return out.UUID!;
  }

  /** Sends in batches of ten, in order. */
  async send(url: string, entries: Array<Omit<SendMessageBatchRequestEntry, 'Id'>>): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < entries.length; i += 10) {
      const chunk = entries.slice(i, i + 10).map((e, j) => ({ Id: `m${i + j}`, ...e }));
      const out = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: chunk }));
      if (out.Failed?.length) throw new Error(`send failed: ${JSON.stringify(out.Failed)}`);
      const byId = new Map(out.Successful!.map((s) => [s.Id!, s.MessageId!]));
      ids.push(...chunk.map((c) => byId.get(c.Id)!));
    }
    return ids;
  }

  /** Messages still in the queue, visible or in flight. */
  async remaining(url: string): Promise<number> {
    const { Attributes } = await this.sqs.send(new GetQueueAttributesCommand({
      QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }));
    return Number(Attributes!.ApproximateNumberOfMessages) + Number(Attributes!.ApproximateNumberOfMessagesNotVisible);
  }

  destroy(): void {
    this.sqs.destroy();
  }
}

export interface Reports {
  received: number;
  filtered: number;
  invoked: Array<{ records: number; kind: string }>;
  lag: number[];
  sourceErrors: Array<string | undefined>;
  logs: string[];
}

export interface RunningPoller {
  reports: Reports;
  /** Aborts the poller and waits for `run` to return; answers how long that took. */
  stop(): Promise<number>;
  done: Promise<void>;
}

type Invoke = (event: { Records: Array<Record<string, any>> }) => Promise<BatchInvokeResult>;

export function success(payload: unknown = null): BatchInvokeResult {
  return { kind: 'success', requestId: 'req', payload: Buffer.from(JSON.stringify(payload)) };
}

export function functionError(): BatchInvokeResult {
  return { kind: 'function-error', requestId: 'req', payload: Buffer.from('{"errorMessage":"boom"}'), functionError: 'Unhandled' };
}

/** Starts `run` of the SQS source with a context whose invoke is the test's. */
export function startPoller(
  run: (ctx: PollerContext) => Promise<void>,
  config: EventSourceMappingConfiguration,
  invoke: Invoke,
  matches: (candidate: any) => boolean = () => true,
): RunningPoller {
  const controller = new AbortController();
  const reports: Reports = { received: 0, filtered: 0, invoked: [], lag: [], sourceErrors: [], logs: [] };
  const ctx: PollerContext = {
    mapping: { uuid: 'test-mapping', scope: { accountId: '000000000000', region: 'us-east-1' }, config },
    signal: controller.signal,
    invoke: (event) => invoke(event as { Records: Array<Record<string, any>> }),
    matches,
    checkpoints: {
      get: async () => undefined, put: async () => {}, delete: async () => {}, list: async () => [],
    },
    report: {
      received: (n) => { reports.received += n; },
      filtered: (n) => { reports.filtered += n; },
      invoked: (records, result) => { reports.invoked.push({ records, kind: result.kind }); },
      discarded: () => {},
      lag: (ms) => { reports.lag.push(ms); },
      sourceError: (message) => { reports.sourceErrors.push(message); },
    },
    sendFailure: async () => {},
    log: (message) => { reports.logs.push(message); },
    sleep: (ms) => new Promise((resolve) => {
      if (controller.signal.aborted) return resolve(false);
      const timer = setTimeout(() => resolve(true), ms);
      controller.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(false); }, { once: true });
    }),
  };
  const done = run(ctx);
  // A test that fails before its stop() would leave the poller holding the file open.
  after(() => controller.abort());
  return {
    reports,
    done,
    async stop() {
      const started = Date.now();
      controller.abort();
      await done;
      return Date.now() - started;
    },
  };
}

/** Waits until the mapping's State is `state` (Enabled once its poller runs). */
export async function waitForState(client: import('@aws-sdk/client-lambda').LambdaClient, uuid: string, state: string, ms = 30_000): Promise<void> {
  const { GetEventSourceMappingCommand } = await import('@aws-sdk/client-lambda');
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await client.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    if (got.State === state) return;
    if (Date.now() > deadline) throw new Error(`mapping ${uuid} is ${got.State}, not ${state}, after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The mapping as /_lambkin/event-source-mappings/<uuid> shows it. */
export async function mappingStatus(baseUrl: string, uuid: string): Promise<Record<string, any>> {
  const res = await fetch(new URL(`/_lambkin/event-source-mappings/${uuid}`, baseUrl));
  if (res.status !== 200) throw new Error(`status endpoint answered ${res.status}: ${await res.text()}`);
  return await res.json() as Record<string, any>;
}

/** `until`, with `explain()` added to the failure: what the test can tell about why the condition never held. */
export async function untilOr(what: string, check: () => boolean | Promise<boolean>, explain: () => Promise<string>, ms?: number): Promise<void> {
  const { until } = await import('../../support/timing.js');
  try {
    await until(what, check, ms);
  } catch (err) {
    (err as Error).message += `\n${await explain()}`;
    throw err;
  }
}
