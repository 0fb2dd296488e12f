/**
 * Takes one batch of a shard to its end, as AWS's stream pollers do: invoke; on a function error retry
 * the same records until MaximumRetryAttempts (bisecting first when BisectBatchOnFunctionError is on:
 * a split consumes no retry), on a partial success (ReportBatchItemFailures) retry from the lowest
 * failed record, on throttles and other errors before the function ran retry without counting; records
 * older than MaximumRecordAgeInSeconds are given up at any point. Given-up records go to the OnFailure
 * destination and the batch counts as finished, so the shard moves on.
 */
import type { BatchInvokeResult, PollerContext } from '../types.js';
import type { StreamRecord } from './record.js';
import type { StreamSettings } from './settings.js';
import { readResponse, type Verdict } from './response.js';
import { sendFailureRecord, type DiscardCondition, type FailureTarget } from './failure-record.js';

/** The poller was told to stop while a batch was under way: its records are left to the next poller. */
export class PollerStopped extends Error {
  constructor() {
    super('the poller was stopped');
  }
}

/** How the records of a batch are put to the function. */
export interface BatchFrame {
  event(records: readonly StreamRecord<unknown>[]): unknown;
  /** Tumbling windows: an answer must carry `state`, handed here when it does. */
  tumbling?: { accept(state: unknown): void };
}

export interface RunnerEnv {
  ctx: PollerContext;
  settings: StreamSettings;
  target: FailureTarget;
}

interface Attempt {
  records: readonly StreamRecord<unknown>[];
  retries: number;
  invokes: number;
  last?: BatchInvokeResult;
}

const FUNCTION_RETRY_BASE_MS = 100;
const PLATFORM_RETRY_BASE_MS = 500;
const RETRY_CAP_MS = 10_000;

function delay(base: number, attempt: number): number {
  return Math.min(RETRY_CAP_MS, base * 2 ** Math.min(attempt, 10));
}

export async function runBatch(env: RunnerEnv, records: readonly StreamRecord<unknown>[], frame: BatchFrame): Promise<void> {
  const { ctx, settings } = env;
  const pending: Attempt[] = [{ records, retries: 0, invokes: 0 }];
  let uncountedRetries = 0;
  const giveUp = async (attempt: Attempt, batch: readonly StreamRecord<unknown>[], condition: DiscardCondition) => {
    // A tumbling window's final invocation carries no records: there is nothing to give up but the window.
    if (batch.length === 0) return ctx.log(`Lambda gave up the final invocation of a window of ${env.target.shardId}: ${condition}`);
    await sendFailureRecord(ctx, settings.onFailure, env.target, {
      condition, records: batch, invokeCount: attempt.invokes, event: frame.event(batch), ...(attempt.last ? { lastResult: attempt.last } : {}),
    });
  };
  const pause = async (ms: number) => {
    if (!(await ctx.sleep(ms))) throw new PollerStopped();
  };

  while (pending.length > 0) {
    if (ctx.signal.aborted) throw new PollerStopped();
    const attempt = pending[0]!;
    const expired = expiredPrefix(attempt.records, settings.maxRecordAgeMs);
    if (expired > 0) {
      await giveUp(attempt, attempt.records.slice(0, expired), 'RecordAgeExceeded');
      attempt.records = attempt.records.slice(expired);
      if (attempt.records.length === 0) {
        pending.shift();
        continue;
      }
    }

    const result = await ctx.invoke(frame.event(attempt.records));
    attempt.invokes += 1;
    attempt.last = result;
    ctx.report.invoked(attempt.records.length, result);
    const verdict = judge(result, attempt.records, settings, frame);

    if (verdict.kind === 'done') {
      pending.shift();
      continue;
    }
    if (verdict.kind === 'retry-uncounted') {
      await pause(delay(PLATFORM_RETRY_BASE_MS, uncountedRetries++));
      continue;
    }
    if (verdict.kind === 'partial') {
      attempt.records = attempt.records.slice(verdict.from);
    } else if (settings.bisect && attempt.records.length > 1) {
      const half = Math.ceil(attempt.records.length / 2);
      const split = (part: readonly StreamRecord<unknown>[]): Attempt => ({ ...attempt, records: part });
      pending.splice(0, 1, split(attempt.records.slice(0, half)), split(attempt.records.slice(half)));
      continue;
    }
    attempt.retries += 1;
    if (settings.maxRetries >= 0 && attempt.retries > settings.maxRetries) {
      await giveUp(attempt, attempt.records, 'RetryAttemptsExhausted');
      pending.shift();
      continue;
    }
    await pause(delay(FUNCTION_RETRY_BASE_MS, attempt.retries - 1));
  }
}

/** Records arrive in order, so those too old to send are a prefix of the batch. */
function expiredPrefix(records: readonly StreamRecord<unknown>[], maxAgeMs: number, now = Date.now()): number {
  if (maxAgeMs < 0) return 0;
  let count = 0;
  while (count < records.length && now - records[count]!.arrival > maxAgeMs) count++;
  return count;
}

type Judgement = Verdict | { kind: 'retry-uncounted' };

function judge(result: BatchInvokeResult, records: readonly StreamRecord<unknown>[], settings: StreamSettings, frame: BatchFrame): Judgement {
  switch (result.kind) {
    case 'function-error':
      return { kind: 'failed' };
    case 'platform-error':
      // Throttles and a function not ready yet retry until the records expire; a refusal that will
      // never pass is a failure like the function's own.
      return result.retryable ? { kind: 'retry-uncounted' } : { kind: 'failed' };
    case 'success': {
      const reading = readResponse(result.payload, records.map((r) => r.sequenceNumber), {
        reportItemFailures: settings.reportItemFailures, tumbling: frame.tumbling !== undefined,
      });
      if (frame.tumbling && reading.verdict.kind !== 'failed') frame.tumbling.accept(reading.state);
      return reading.verdict;
    }
  }
}
