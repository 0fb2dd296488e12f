/**
 * What the stream poller (shards, checkpoints, retries, bisection, tumbling windows) needs from one
 * kind of stream. Kinesis and DynamoDB Streams differ only here: how shards and records are read and
 * what a record looks like in the function's event.
 */
export interface ShardInfo {
  shardId: string;
  /** Resharding: a child shard is read only once its parents are read to their end. */
  parentShardId?: string;
  adjacentParentShardId?: string;
  /** Set when the shard is closed (no new records); its last record has this sequence number. */
  endingSequenceNumber?: string;
}

export type ShardPosition =
  | { type: 'TRIM_HORIZON' }
  | { type: 'LATEST' }
  | { type: 'AT_TIMESTAMP'; timestamp: Date }
  | { type: 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string }
  | { type: 'AT_SEQUENCE_NUMBER'; sequenceNumber: string };

export interface RecordsPage<R> {
  records: R[];
  /** Undefined once a closed shard has no more records. */
  nextIterator?: string;
  /** How far behind the tip this read is (Kinesis tells; otherwise estimated from arrival times). */
  millisBehindLatest?: number;
}

export interface StreamAdapter<R> {
  /** `aws:kinesis` or `aws:dynamodb`: the eventSource of every record. */
  readonly eventSource: string;
  listShards(signal: AbortSignal): Promise<ShardInfo[]>;
  iterator(shardId: string, position: ShardPosition, signal: AbortSignal): Promise<string>;
  read(iterator: string, limit: number, signal: AbortSignal): Promise<RecordsPage<R>>;
  sequenceNumber(record: R): string;
  /** When the record entered the stream (ms since epoch): MaximumRecordAgeInSeconds and lag read it. */
  arrivalTime(record: R): number;
  /** The record as AWS puts it in the function's event `Records`. */
  eventRecord(record: R): Record<string, unknown>;
  /** What FilterCriteria is matched against for this record (AWS's rules per source). */
  filterCandidate(eventRecord: Record<string, unknown>): unknown;
}
