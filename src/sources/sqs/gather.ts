/**
 * Gathering one batch, as Lambda's SQS pollers do: a long poll until messages arrive, then (with a
 * batching window) more receives of up to ten until BatchSize is reached, the window has passed since
 * the first message came, or the batch holds as much as one invocation can carry.
 */
import type { Message } from '@aws-sdk/client-sqs';
import { LONGEST_POLL_SECONDS, RECEIVE_LIMIT, type SqsSettings } from './settings.js';
import type { SqsQueue } from './queue.js';

/** Synchronous invocations carry up to 6 MB; a batch stops growing there (the poller splits what is over). */
export const PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;
/** What a record adds to the event beyond its body and attribute values. */
export const RECORD_OVERHEAD_BYTES = 1024;
/** Below a second of window left, receives are short polls this far apart. */
const SHORT_POLL_PAUSE_MS = 100;

export interface Gathered {
  messages: Message[];
  /** Taken just before the first receive that returned messages: they are hidden until this plus the visibility timeout. */
  receivedAt: number;
  /** Receives kept answering the most they could: the queue has a backlog. */
  backlog: boolean;
}

export interface GatherDeps {
  queue: Pick<SqsQueue, 'receive'>;
  settings: Pick<SqsSettings, 'batchSize' | 'windowMs'>;
  signal: AbortSignal;
  sleep(ms: number): Promise<boolean>;
  /** Sees every receive's messages; answers those that belong in the batch (filtered and held ones do not). */
  take(received: Message[]): Message[];
  /** A receive after the first failed: the batch goes ahead with what it has. */
  onLateError(err: unknown): void;
}

export function estimatedBytes(message: Message): number {
  let bytes = RECORD_OVERHEAD_BYTES + Buffer.byteLength(message.Body ?? '') + (message.ReceiptHandle?.length ?? 0);
  for (const value of Object.values(message.MessageAttributes ?? {})) {
    bytes += (value.StringValue?.length ?? 0) + Math.ceil(((value.BinaryValue?.length ?? 0) * 4) / 3) + 64;
  }
  return bytes;
}

/** One batch, or an empty one when a whole long poll brought nothing. A failing first receive throws. */
export async function gatherBatch(deps: GatherDeps): Promise<Gathered> {
  const { queue, settings, signal } = deps;
  const receivedAt = Date.now();
  const first = await queue.receive(Math.min(RECEIVE_LIMIT, settings.batchSize), LONGEST_POLL_SECONDS, signal);
  let backlog = first.length === Math.min(RECEIVE_LIMIT, settings.batchSize);
  const messages = deps.take(first);
  if (first.length === 0 || settings.windowMs === 0) return { messages, receivedAt, backlog };
  const deadline = Date.now() + settings.windowMs;
  let bytes = messages.reduce((sum, m) => sum + estimatedBytes(m), 0);
  while (messages.length < settings.batchSize && bytes < PAYLOAD_LIMIT_BYTES && !signal.aborted) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const waitSeconds = Math.min(LONGEST_POLL_SECONDS, Math.floor(remaining / 1000));
    const max = Math.min(RECEIVE_LIMIT, settings.batchSize - messages.length);
    let received: Message[];
    try {
      received = await queue.receive(max, waitSeconds, signal);
    } catch (err) {
      if (!signal.aborted) deps.onLateError(err);
      break;
    }
    backlog &&= received.length === max;
    for (const message of deps.take(received)) {
      messages.push(message);
      bytes += estimatedBytes(message);
    }
    if (received.length === 0 && waitSeconds === 0) await deps.sleep(Math.min(remaining, SHORT_POLL_PAUSE_MS));
  }
  return { messages, receivedAt, backlog };
}
