/**
 * The few places where AWS's stream pollers word things differently per stream, keyed by the adapter's
 * eventSource: the batch-info member of a failure record, how its times are written, and what keeps
 * records in order when a shard is read by several batches at once (ParallelizationFactor).
 */
export interface SourceTraits {
  /** `KinesisBatchInfo` or `DDBStreamBatchInfo`. */
  batchInfoKey: string;
  /** Arrival times in the batch info: Kinesis writes milliseconds, DynamoDB Streams whole seconds. */
  formatArrival(ms: number): string;
  /** Records with the same key are processed in order, one batch at a time. */
  orderingKey(eventRecord: Record<string, unknown>): string;
}

const withMillis = (ms: number) => new Date(ms).toISOString();
const wholeSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const KINESIS: SourceTraits = {
  batchInfoKey: 'KinesisBatchInfo',
  formatArrival: withMillis,
  orderingKey: (record) => String((record.kinesis as { partitionKey?: unknown } | undefined)?.partitionKey ?? ''),
};

const DYNAMODB: SourceTraits = {
  batchInfoKey: 'DDBStreamBatchInfo',
  formatArrival: wholeSeconds,
  // An item's changes stay in order: the key attributes name the item.
  orderingKey: (record) => JSON.stringify((record.dynamodb as { Keys?: unknown } | undefined)?.Keys ?? null),
};

export function sourceTraits(eventSource: string): SourceTraits {
  return eventSource === 'aws:dynamodb' ? DYNAMODB : KINESIS;
}
