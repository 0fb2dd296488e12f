/**
 * Which messages of an invoked batch succeeded, as Lambda decides it: all of them when the function
 * returned (without ReportBatchItemFailures), none when it failed, and with ReportBatchItemFailures all
 * but those its answer names. An answer Lambda cannot read fails the whole batch.
 */
import type { BatchInvokeResult } from '../types.js';

export interface BatchItem {
  messageId: string;
  /** FIFO queues: after a failed message, the rest of its group fails too, to keep the group in order. */
  group?: string;
}

export type BatchVerdict =
  | { kind: 'all-succeeded' }
  | { kind: 'all-failed'; reason: string }
  | { kind: 'some-failed'; failed: ReadonlySet<string> };

/**
 * The message ids an answer reports as failed, or a reason the answer is invalid. Lambda takes an empty
 * answer, `null`, `{}` and an empty or null `batchItemFailures` as success; an unreadable answer, an item
 * without a non-empty string `itemIdentifier`, or one naming no message of the batch, as failure.
 */
export function reportedFailures(payload: Buffer, batchIds: ReadonlySet<string>): Set<string> | { invalid: string } {
  const text = payload.toString('utf8').trim();
  if (text === '') return new Set();
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return { invalid: 'the function response is not valid JSON' };
  }
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) return new Set();
  const items = (answer as { batchItemFailures?: unknown }).batchItemFailures;
  if (items === undefined || items === null) return new Set();
  if (!Array.isArray(items)) return { invalid: 'batchItemFailures is not a list' };
  const failed = new Set<string>();
  for (const item of items) {
    const id = item !== null && typeof item === 'object' ? (item as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') return { invalid: 'a batch item failure has no itemIdentifier' };
    if (!batchIds.has(id)) return { invalid: `itemIdentifier ${id} names no message of the batch` };
    failed.add(id);
  }
  return failed;
}

/** FIFO order: every message of a group after its first failure fails as well. */
function withRestOfGroups(items: readonly BatchItem[], failed: Set<string>): Set<string> {
  const brokenGroups = new Set<string>();
  for (const item of items) {
    if (item.group === undefined) continue;
    if (brokenGroups.has(item.group)) failed.add(item.messageId);
    else if (failed.has(item.messageId)) brokenGroups.add(item.group);
  }
  return failed;
}

export function batchVerdict(items: readonly BatchItem[], result: BatchInvokeResult, reportItemFailures: boolean): BatchVerdict {
  if (result.kind === 'function-error') return { kind: 'all-failed', reason: `function error (${result.functionError})` };
  if (result.kind === 'platform-error') return { kind: 'all-failed', reason: `${result.code}: ${result.error.message}` };
  if (!reportItemFailures) return { kind: 'all-succeeded' };
  const reported = reportedFailures(result.payload, new Set(items.map((i) => i.messageId)));
  if (!(reported instanceof Set)) return { kind: 'all-failed', reason: `invalid partial batch response: ${reported.invalid}` };
  const failed = withRestOfGroups(items, reported);
  if (failed.size === 0) return { kind: 'all-succeeded' };
  if (failed.size === items.length) return { kind: 'all-failed', reason: 'every message reported as failed' };
  return { kind: 'some-failed', failed };
}
