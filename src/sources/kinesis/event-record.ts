/**
 * A Kinesis record as Lambda puts it in the function's event: the record's fields under `kinesis`
 * (data in base64, the arrival time in epoch seconds with milliseconds), then what Lambda adds.
 */
import type { _Record as KinesisRecord } from '@aws-sdk/client-kinesis';

export interface ShardRecord {
  shardId: string;
  record: KinesisRecord;
}

export interface EventRecordContext {
  /** The mapping's EventSourceArn, as the function's event names it. */
  eventSourceArn: string;
  /** The stream's region: the ARN's. */
  region: string;
  /** The function's execution role. */
  invokeIdentityArn: string;
}

export function arrivalMs(record: KinesisRecord): number {
  return record.ApproximateArrivalTimestamp?.getTime() ?? Date.now();
}

export function toEventRecord({ shardId, record }: ShardRecord, context: EventRecordContext): Record<string, unknown> {
  const data = record.Data ?? new Uint8Array();
  const sequenceNumber = record.SequenceNumber ?? '';
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.PartitionKey ?? '',
      sequenceNumber,
      data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
      approximateArrivalTimestamp: arrivalMs(record) / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${shardId}:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: context.invokeIdentityArn,
    awsRegion: context.region,
    eventSourceARN: context.eventSourceArn,
  };
}
