/**
 * The mapping's batches, filled from every poller's receives as Lambda fills them: with a batching
 * window, one open batch takes messages until BatchSize, the window (from its first message), or what
 * one invocation can carry; without a window, each receive that returns messages is a batch of its own.
 * Pollers reserve room before they receive, so a batch never holds more than BatchSize.
 */
import type { Message } from '@aws-sdk/client-sqs';
import { LONGEST_POLL_SECONDS, RECEIVE_LIMIT, type SqsSettings } from './settings.js';

/** Synchronous invocations carry up to 6 MB; a batch closes there (the invoker splits what is over). */
export const PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;
/** What a record adds to the event beyond its body and attribute values. */
const RECORD_OVERHEAD_BYTES = 1024;

export interface Batch {
  messages: Message[];
  /** Taken before the earliest receive that brought one of its messages: they are hidden until this plus the visibility timeout. */
  receivedAt: number;
  /** FIFO groups the batch holds. */
  groups: Set<string>;
}

/** Sorts a receive's messages: those that join the batch (the others are filtered or held back). */
export type Admit = (received: Message[], batchGroups: Set<string>) => Message[];

export function estimatedBytes(message: Message): number {
  let bytes = RECORD_OVERHEAD_BYTES + Buffer.byteLength(message.Body ?? '') + (message.ReceiptHandle?.length ?? 0);
  for (const value of Object.values(message.MessageAttributes ?? {})) {
    bytes += (value.StringValue?.length ?? 0) + Math.ceil(((value.BinaryValue?.length ?? 0) * 4) / 3) + 64;
  }
  return bytes;
}

interface OpenBatch extends Batch {
  bytes: number;
  deadline: number;
  timer: NodeJS.Timeout;
}

export class Batcher {
  private open: OpenBatch | undefined;
  private reserved = 0;

  constructor(
    private readonly settings: Pick<SqsSettings, 'batchSize' | 'windowMs'>,
    private readonly admit: Admit,
    private readonly flush: (batch: Batch) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many messages the next receive may ask for; 0 while the open batch is spoken for. */
  reserve(): number {
    if (this.settings.windowMs === 0) return Math.min(RECEIVE_LIMIT, this.settings.batchSize);
    const room = this.settings.batchSize - (this.open?.messages.length ?? 0) - this.reserved;
    const asked = Math.max(0, Math.min(RECEIVE_LIMIT, room));
    this.reserved += asked;
    return asked;
  }

  /** How long the next receive may wait for messages: the open batch's window, else a full long poll. */
  waitSeconds(): number {
    if (!this.open) return LONGEST_POLL_SECONDS;
    return Math.max(0, Math.min(LONGEST_POLL_SECONDS, Math.floor((this.open.deadline - this.now()) / 1000)));
  }

  /** Milliseconds left of the open batch's window (0 without one). */
  windowLeftMs(): number {
    return this.open ? Math.max(0, this.open.deadline - this.now()) : 0;
  }

  /** A receive that asked for `asked` messages came back with `received` (taken before it began at `receivedAt`). */
  add(asked: number, received: Message[], receivedAt: number): void {
    if (this.settings.windowMs > 0) this.reserved -= asked;
    if (received.length === 0) return;
    if (this.settings.windowMs === 0) {
      const groups = new Set<string>();
      const messages = this.admit(received, groups);
      if (messages.length > 0) this.flush({ messages, receivedAt, groups });
      return;
    }
    const open = this.open ?? this.opened(receivedAt);
    const messages = this.admit(received, open.groups);
    for (const message of messages) {
      open.messages.push(message);
      open.bytes += estimatedBytes(message);
    }
    open.receivedAt = Math.min(open.receivedAt, receivedAt);
    if (open.messages.length >= this.settings.batchSize || open.bytes >= PAYLOAD_LIMIT_BYTES) this.close();
    // Everything was filtered or held back: no window starts on nothing.
    else if (open.messages.length === 0) this.drop();
  }

  /** Stops: the open batch is not invoked (its messages reappear after their visibility timeout). */
  discard(): Batch | undefined {
    const left = this.open;
    this.drop();
    return left;
  }

  private opened(receivedAt: number): OpenBatch {
    const timer = setTimeout(() => this.close(), this.settings.windowMs);
    this.open = { messages: [], bytes: 0, receivedAt, groups: new Set(), deadline: this.now() + this.settings.windowMs, timer };
    return this.open;
  }

  private close(): void {
    const open = this.open;
    if (!open) return;
    this.drop();
    if (open.messages.length > 0) this.flush({ messages: open.messages, receivedAt: open.receivedAt, groups: open.groups });
  }

  private drop(): void {
    if (this.open) clearTimeout(this.open.timer);
    this.open = undefined;
  }
}
