/**
 * A DynamoDB Streams record as Lambda puts it in the function's event: the stream record's fields in
 * AWS's order, with `eventSourceARN` added. The SDK hands back parsed values (binary attributes as
 * bytes, the creation time as a Date); the event carries them as they were on the wire, base64 and
 * epoch seconds.
 */
import type { _Record as StreamRecord, AttributeValue } from '@aws-sdk/client-dynamodb-streams';

/** Lambda delivers records in the 1.1 layout whatever version the stream's reader reported. */
export const EVENT_VERSION = '1.1';

export type WireAttributeValue = Record<string, unknown>;

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** One attribute value in DynamoDB's JSON form, nested maps and lists included. */
export function wireAttribute(value: AttributeValue): WireAttributeValue {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.M !== undefined) return { M: wireItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(wireAttribute) };
  if (value.$unknown !== undefined) return { [value.$unknown[0]]: value.$unknown[1] };
  // S, N, SS, NS, BOOL and NULL are plain JSON already.
  return { ...value };
}

export function wireItem(item: Record<string, AttributeValue>): Record<string, WireAttributeValue> {
  const out: Record<string, WireAttributeValue> = {};
  for (const [name, value] of Object.entries(item)) out[name] = wireAttribute(value);
  return out;
}

/** Epoch seconds, as the stream's wire format and Lambda's event have it (fractional when the source is). */
export function creationSeconds(date: Date): number {
  return date.getTime() / 1000;
}

export interface EventRecordContext {
  streamArn: string;
  /** The table's region: the ARN's, whatever region the endpoint that served the read claims. */
  region: string;
}

export function toEventRecord(record: StreamRecord, context: EventRecordContext): Record<string, unknown> {
  const source = record.dynamodb ?? {};
  const dynamodb: Record<string, unknown> = {};
  if (source.ApproximateCreationDateTime !== undefined) dynamodb.ApproximateCreationDateTime = creationSeconds(source.ApproximateCreationDateTime);
  if (source.Keys !== undefined) dynamodb.Keys = wireItem(source.Keys);
  if (source.NewImage !== undefined) dynamodb.NewImage = wireItem(source.NewImage);
  if (source.OldImage !== undefined) dynamodb.OldImage = wireItem(source.OldImage);
  if (source.SequenceNumber !== undefined) dynamodb.SequenceNumber = source.SequenceNumber;
  if (source.SizeBytes !== undefined) dynamodb.SizeBytes = source.SizeBytes;
  if (source.StreamViewType !== undefined) dynamodb.StreamViewType = source.StreamViewType;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: EVENT_VERSION,
    eventSource: 'aws:dynamodb',
    awsRegion: context.region,
    dynamodb,
    eventSourceARN: context.streamArn,
    // Only deletes by Time to Live carry an identity (the DynamoDB service).
    ...(record.userIdentity ? { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } } : {}),
  };
}
