/**
 * The record AWS sends to a stream mapping's OnFailure destination when it gives up on a batch: what
 * was invoked and how it last ended, and which records of which shard (not the records themselves,
 * except in S3, where the batch's event rides along as `payload` under AWS's key layout).
 */
import { randomUUID } from 'node:crypto';
import type { BatchInvokeResult, PollerContext } from '../types.js';
import type { StreamRecord } from './record.js';
import type { SourceTraits } from './source-traits.js';

export type DiscardCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface DiscardedBatch {
  condition: DiscardCondition;
  records: readonly StreamRecord<unknown>[];
  /** Invocations that carried these records. */
  invokeCount: number;
  /** How the last of them ended (none when the records expired before one). */
  lastResult?: BatchInvokeResult;
  /** The event the function got (or would have got) for these records. */
  event: unknown;
}

export interface FailureTarget {
  mappingUuid: string;
  functionArn: string;
  streamArn: string;
  shardId: string;
  traits: SourceTraits;
}

/** The version that ran: the ARN's version, or $LATEST (an alias's version is not known here). */
export function executedVersion(functionArn: string): string {
  const qualifier = functionArn.split(':')[7];
  return qualifier !== undefined && /^\d+$/.test(qualifier) ? qualifier : '$LATEST';
}

function responseContext(result: BatchInvokeResult, functionArn: string): Record<string, unknown> {
  if (result.kind === 'platform-error') {
    const status = (result.error as { status?: unknown }).status;
    return { statusCode: typeof status === 'number' ? status : 500, executedVersion: executedVersion(functionArn), functionError: result.code };
  }
  return {
    statusCode: 200,
    executedVersion: executedVersion(functionArn),
    // A batch that failed by its answer (ReportBatchItemFailures) names no function error: AWS writes null.
    functionError: result.kind === 'function-error' ? result.functionError : null,
  };
}

export function failureRecord(target: FailureTarget, batch: DiscardedBatch, now = new Date()): Record<string, unknown> {
  const first = batch.records[0]!;
  const last = batch.records[batch.records.length - 1]!;
  return {
    requestContext: {
      requestId: batch.lastResult?.requestId ?? randomUUID(),
      functionArn: target.functionArn,
      condition: batch.condition,
      approximateInvokeCount: Math.max(1, batch.invokeCount),
    },
    // AWS leaves out how the function answered when the records were dropped for their age.
    ...(batch.condition !== 'RecordAgeExceeded' && batch.lastResult ? { responseContext: responseContext(batch.lastResult, target.functionArn) } : {}),
    version: '1.0',
    timestamp: now.toISOString(),
    [target.traits.batchInfoKey]: {
      shardId: target.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: target.traits.formatArrival(first.arrival),
      approximateArrivalOfLastRecord: target.traits.formatArrival(last.arrival),
      batchSize: batch.records.length,
      streamArn: target.streamArn,
    },
  };
}

/** `aws/lambda/<mapping UUID>/<shard>/YYYY/MM/DD/YYYY-MM-DDTHH.MM.SS-<random UUID>`, as AWS files them. */
export function s3FailureKey(mappingUuid: string, shardId: string, now: Date): string {
  const iso = now.toISOString();
  const day = iso.slice(0, 10).replace(/-/g, '/');
  return `aws/lambda/${mappingUuid}/${shardId}/${day}/${iso.slice(0, 19).replace(/:/g, '.')}-${randomUUID()}`;
}

const SEND_ATTEMPTS = 3;

/** Sends the record to the OnFailure destination, if there is one; a destination that keeps failing is logged, and the batch is still given up. */
export async function sendFailureRecord(ctx: PollerContext, destination: string | undefined, target: FailureTarget, batch: DiscardedBatch): Promise<void> {
  ctx.report.discarded(batch.records.length);
  const first = batch.records[0]!.sequenceNumber;
  const last = batch.records[batch.records.length - 1]!.sequenceNumber;
  ctx.log(`Lambda discarded ${batch.records.length} record(s) of ${target.shardId} (sequence numbers ${first} to ${last}): ${batch.condition}`);
  if (destination === undefined) return;
  const now = new Date();
  const record = failureRecord(target, batch, now);
  const toS3 = destination.startsWith('arn:') && destination.split(':')[2] === 's3';
  const body = toS3 ? { ...record, payload: batch.event } : record;
  const options = toS3 ? { s3Key: s3FailureKey(target.mappingUuid, target.shardId, now) } : undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.sendFailure(destination, body, options);
      return;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (attempt >= SEND_ATTEMPTS || ctx.signal.aborted) {
        ctx.log(`Lambda could not send the failure record to ${destination}: ${message}`);
        return;
      }
      if (!(await ctx.sleep(200 * 2 ** attempt))) return;
    }
  }
}
