/** Shared pieces of the async pipeline tests: Event invokes, queues in moto, what a function logged. */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message,
} from '@aws-sdk/client-sqs';
import type { Moto } from '../support/moto.js';
import { functionLog } from '../api/invoke/helpers.js';

/** Invokes with InvocationType=Event; returns the request id the 202 carried. */
export async function invokeEvent(client: LambdaClient, name: string, event: unknown, qualifier?: string): Promise<string> {
  const out = await client.send(new InvokeCommand({
    FunctionName: name, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)),
    ...(qualifier ? { Qualifier: qualifier } : {}),
  }));
  if (out.StatusCode !== 202) throw new Error(`Event invoke answered ${out.StatusCode}`);
  return out.$metadata.requestId!;
}

export class Queues {
  readonly sqs: SQSClient;
  constructor(moto: Moto) {
    this.sqs = new SQSClient(moto.clientOptions);
  }

  async create(name: string): Promise<{ url: string; arn: string }> {
    const { QueueUrl } = await this.sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    return { url: QueueUrl!, arn: Attributes!.QueueArn! };
  }

  /** Receives (and deletes) until `count` messages arrived, or fails after `ms`. */
  async take(url: string, count: number, ms = 20_000): Promise<Message[]> {
    const got: Message[] = [];
    const until = Date.now() + ms;
    while (got.length < count) {
      if (Date.now() > until) throw new Error(`only ${got.length} of ${count} messages arrived on ${url}`);
      const out = await this.sqs.send(new ReceiveMessageCommand({
        QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'],
      }));
      for (const message of out.Messages ?? []) {
        got.push(message);
        await this.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle! }));
      }
    }
    return got;
  }

  /** Whatever arrives within `ms` (to show that nothing more does). */
  async drain(url: string, ms: number): Promise<Message[]> {
    const got: Message[] = [];
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const out = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      got.push(...(out.Messages ?? []));
    }
    return got;
  }

  destroy(): void {
    this.sqs.destroy();
  }
}

/** A function that logs every event it gets, one `EVENT <json>` line each: a Lambda destination to watch. */
export const RECORDER = { 'index.js': 'exports.handler = async (event) => { console.log("EVENT " + JSON.stringify(event)); return null; };' };

export async function recordedEvents(baseUrl: string, name: string): Promise<unknown[]> {
  const lines = await functionLog(baseUrl, name);
  return lines
    .map((l) => l.message)
    .filter((m) => m.includes('EVENT {'))
    .map((m) => JSON.parse(m.slice(m.indexOf('EVENT {') + 'EVENT '.length).trim()) as unknown);
}
