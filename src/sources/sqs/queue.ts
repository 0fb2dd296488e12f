/**
 * One mapping's queue, read through the standard endpoint settings (AWS_ENDPOINT_URL_SQS or
 * AWS_ENDPOINT_URL, credentials) with the region of the queue's ARN: long-polled receives and batched
 * deletes. Failures reading the queue are worded as AWS words them in a mapping's LastProcessingResult.
 */
import {
  DeleteMessageBatchCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient, type Message,
} from '@aws-sdk/client-sqs';
import { outboundClientOptions } from '../../outbound/credentials.js';
import type { QueueRef } from './settings.js';

/** A long poll lasts up to 20 s: the request timeout leaves room beyond it. */
const REQUEST_HANDLER = {
  connectionTimeout: 3_000,
  requestTimeout: 30_000,
  // Every poller holds a long poll open: the SDK's default of 50 sockets would queue them.
  httpAgent: { keepAlive: true, maxSockets: 2_000 },
  httpsAgent: { keepAlive: true, maxSockets: 2_000 },
};
/** The queue's settings can change while a mapping runs; re-read them this often. */
const ATTRIBUTES_TTL_MS = 60_000;
const DELETE_ATTEMPTS = 3;

/** The queue could not be read: the message is what AWS shows for the mapping. */
export class QueueReadError extends Error {
  constructor(message: string, readonly missing: boolean) {
    super(message);
    this.name = 'QueueReadError';
  }
}

function sqsFailure(operation: string, err: unknown): QueueReadError {
  const e = err as { name?: string; message?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.Code ?? e.name ?? 'Unknown';
  const missing = code === 'AWS.SimpleQueueService.NonExistentQueue' || e.name === 'QueueDoesNotExist';
  if (e.$metadata?.httpStatusCode === undefined) {
    return new QueueReadError(`Error occurred while ${operation}. ${e.message ?? String(err)}`, false);
  }
  return new QueueReadError(`Error occurred while ${operation}. SQS Error Code: ${code}. SQS Error Message: ${e.message ?? ''}`, missing);
}

export class SqsQueue {
  private readonly client: SQSClient;
  private urlPromise: Promise<string> | undefined;
  private visibility: { ms: number; readAt: number } | undefined;

  constructor(readonly ref: QueueRef) {
    this.client = new SQSClient({ region: ref.region, ...outboundClientOptions('sqs'), maxAttempts: 1, requestHandler: REQUEST_HANDLER });
  }

  url(signal?: AbortSignal): Promise<string> {
    this.urlPromise ??= this.client
      .send(new GetQueueUrlCommand({ QueueName: this.ref.name, ...(this.ref.account ? { QueueOwnerAWSAccountId: this.ref.account } : {}) }), { abortSignal: signal })
      .then((out) => {
        if (!out.QueueUrl) throw new QueueReadError(`Error occurred while GetQueueUrl. No URL for ${this.ref.arn}`, true);
        return out.QueueUrl;
      })
      .catch((err: unknown) => {
        this.urlPromise = undefined;
        throw err instanceof QueueReadError ? err : sqsFailure('GetQueueUrl', err);
      });
    return this.urlPromise;
  }

  /** The queue's VisibilityTimeout: how long a received message stays hidden. */
  async visibilityTimeoutMs(signal?: AbortSignal): Promise<number> {
    if (this.visibility && Date.now() - this.visibility.readAt < ATTRIBUTES_TTL_MS) return this.visibility.ms;
    const QueueUrl = await this.url(signal);
    try {
      const out = await this.client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['VisibilityTimeout'] }), { abortSignal: signal });
      const seconds = Number(out.Attributes?.VisibilityTimeout ?? 30);
      this.visibility = { ms: (Number.isFinite(seconds) ? seconds : 30) * 1000, readAt: Date.now() };
      return this.visibility.ms;
    } catch (err) {
      throw this.failure('GetQueueAttributes', err);
    }
  }

  /** Up to `max` (≤ 10) messages, with every system and message attribute; waits up to `waitSeconds` for one. */
  async receive(max: number, waitSeconds: number, signal: AbortSignal): Promise<Message[]> {
    const QueueUrl = await this.url(signal);
    try {
      const out = await this.client.send(new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: waitSeconds,
        // Both names: older endpoints (and emulators) know only AttributeNames.
        AttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }), { abortSignal: signal });
      return out.Messages ?? [];
    } catch (err) {
      throw this.failure('ReceiveMessage', err);
    }
  }

  /** Deletes the messages (ten per call); answers how many could not be deleted. */
  async delete(messages: readonly Message[]): Promise<number> {
    let failed = 0;
    for (let start = 0; start < messages.length; start += 10) {
      const chunk = messages.slice(start, start + 10);
      failed += await this.deleteChunk(chunk);
    }
    return failed;
  }

  private async deleteChunk(chunk: readonly Message[]): Promise<number> {
    let pending = chunk.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! }));
    let refused = 0;
    for (let attempt = 1; attempt <= DELETE_ATTEMPTS && pending.length > 0; attempt++) {
      try {
        const out = await this.client.send(new DeleteMessageBatchCommand({ QueueUrl: await this.url(), Entries: pending }));
        const failed = out.Failed ?? [];
        // A receipt handle SQS refuses (expired, already deleted) will not get better with a retry.
        refused += failed.filter((f) => f.SenderFault).length;
        const retry = new Set(failed.filter((f) => !f.SenderFault).map((f) => f.Id));
        pending = pending.filter((entry) => retry.has(entry.Id));
      } catch {
        // tried again; if it keeps failing the messages reappear after their visibility timeout
      }
    }
    return refused + pending.length;
  }

  private failure(operation: string, err: unknown): QueueReadError {
    const failure = sqsFailure(operation, err);
    if (failure.missing) this.urlPromise = undefined;
    return failure;
  }

  destroy(): void {
    this.client.destroy();
  }
}
