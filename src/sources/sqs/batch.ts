/**
 * Running one gathered batch: the event in AWS's shape (split where it would exceed what one invocation
 * carries), the invocation (throttles retried while the messages are still hidden), and the deletes of
 * what succeeded. Whatever is not deleted reappears after the queue's visibility timeout, and SQS's own
 * redrive policy moves it to a dead-letter queue after maxReceiveCount receives.
 */
import type { Message } from '@aws-sdk/client-sqs';
import type { BatchInvokeResult, PollerContext } from '../types.js';
import { batchVerdict, type BatchVerdict } from './batch-result.js';
import { eventRecord, messageGroup } from './event.js';
import { PAYLOAD_LIMIT_BYTES, estimatedBytes } from './batcher.js';
import type { SqsQueue } from './queue.js';
import type { SqsSettings } from './settings.js';

const THROTTLE_FIRST_DELAY_MS = 100;
const THROTTLE_LONGEST_DELAY_MS = 5_000;

export interface BatchDeps {
  ctx: Pick<PollerContext, 'invoke' | 'report' | 'sleep' | 'signal' | 'log'>;
  queue: Pick<SqsQueue, 'delete'>;
  settings: Pick<SqsSettings, 'queue' | 'reportItemFailures'>;
}

export interface BatchOutcome {
  /** Groups (FIFO) with a message that was not deleted. */
  failedGroups: Set<string>;
  /** The function failed the whole batch (or never ran): the poller backs off a little. */
  failed: boolean;
}

/** Consecutive pieces of at most one invocation's payload, in order. */
export function splitByPayload(messages: readonly Message[], limit = PAYLOAD_LIMIT_BYTES): Message[][] {
  const pieces: Message[][] = [];
  let piece: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = estimatedBytes(message);
    if (piece.length > 0 && bytes + size > limit) {
      pieces.push(piece);
      piece = [];
      bytes = 0;
    }
    piece.push(message);
    bytes += size;
  }
  if (piece.length > 0) pieces.push(piece);
  return pieces;
}

/** Throttles and other passing refusals are retried as long as the messages stay hidden (`hiddenUntil`). */
async function invokeUntilHidden(deps: BatchDeps, event: unknown, records: number, hiddenUntil: number): Promise<BatchInvokeResult> {
  let delay = THROTTLE_FIRST_DELAY_MS;
  for (;;) {
    const result = await deps.ctx.invoke(event);
    deps.ctx.report.invoked(records, result);
    if (result.kind !== 'platform-error' || !result.retryable || deps.ctx.signal.aborted) return result;
    if (Date.now() + delay >= hiddenUntil) return result;
    if (!(await deps.ctx.sleep(delay))) return result;
    delay = Math.min(delay * 2, THROTTLE_LONGEST_DELAY_MS);
  }
}

function succeeded(piece: readonly Message[], verdict: BatchVerdict): Message[] {
  if (verdict.kind === 'all-succeeded') return [...piece];
  if (verdict.kind === 'all-failed') return [];
  return piece.filter((m) => !verdict.failed.has(m.MessageId ?? ''));
}

/**
 * Runs the batch. `hiddenUntil` is when its messages may be visible again (receive time plus the
 * visibility timeout). `done` is told each message once it is finished, deleted or left to SQS.
 */
export async function runBatch(deps: BatchDeps, messages: readonly Message[], hiddenUntil: number, done: (m: Message) => void): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { failedGroups: new Set(), failed: false };
  for (const whole of splitByPayload(messages)) {
    // FIFO: once a group failed, its later messages wait for the failed ones to come back first.
    const piece = whole.filter((m) => !outcome.failedGroups.has(messageGroup(m) ?? ''));
    whole.filter((m) => !piece.includes(m)).forEach(done);
    if (piece.length === 0) continue;
    const event = { Records: piece.map((m) => eventRecord(m, deps.settings.queue)) };
    const result = await invokeUntilHidden(deps, event, piece.length, hiddenUntil);
    const verdict = batchVerdict(
      piece.map((m) => ({ messageId: m.MessageId ?? '', ...(messageGroup(m) !== undefined ? { group: messageGroup(m)! } : {}) })),
      result, deps.settings.reportItemFailures,
    );
    if (verdict.kind === 'all-failed') outcome.failed = true;
    const good = succeeded(piece, verdict);
    const undeleted = await deps.queue.delete(good);
    if (undeleted > 0) deps.ctx.log(`Lambda could not delete ${undeleted} of ${good.length} processed messages from ${deps.settings.queue.arn}; they will be received again.`);
    const goodSet = new Set(good);
    for (const m of piece) {
      const group = messageGroup(m);
      if (!goodSet.has(m) && group !== undefined) outcome.failedGroups.add(group);
      done(m);
    }
  }
  return outcome;
}
