/**
 * What each poller matches FilterCriteria against, per source as AWS documents it: the record of the
 * event the function would get, with its message part readable by the pattern. The event itself is
 * still built from the original record; a candidate is only for matching.
 */
import { FilterPayload } from './payload.js';

/**
 * SQS: the event record (`messageId`, `body`, `attributes`, `messageAttributes`, …) with `body` read as
 * JSON when it is a JSON object or array, as plain text otherwise (see FilterPayload for what then matches).
 */
export function sqsFilterCandidate<T extends { body: string }>(record: T): Omit<T, 'body'> & { body: FilterPayload } {
  return { ...record, body: FilterPayload.fromText(record.body) };
}

/**
 * Kinesis: the record's `kinesis` part (`partitionKey`, `sequenceNumber`, `approximateArrivalTimestamp`,
 * …) with `data` base64-decoded and read as JSON. Data that is not JSON drops the record for any pattern on
 * `data` (such a record passes only patterns that name other fields).
 */
export function kinesisFilterCandidate<T extends { data: string }>(kinesis: T): Omit<T, 'data'> & { data: FilterPayload } {
  return { ...kinesis, data: FilterPayload.fromBase64(kinesis.data) };
}

/**
 * DynamoDB Streams: the event record as is (`eventName`, `dynamodb.NewImage.field.S`, …), with
 * `ApproximateCreationDateTime` in epoch seconds, the number numeric patterns compare.
 */
export function dynamodbFilterCandidate<T extends { dynamodb?: object }>(record: T): T {
  const stream = record.dynamodb as { ApproximateCreationDateTime?: unknown } | undefined;
  const created = stream?.ApproximateCreationDateTime;
  if (!(created instanceof Date)) return record;
  return { ...record, dynamodb: { ...stream, ApproximateCreationDateTime: created.getTime() / 1000 } };
}

/**
 * Amazon MQ (RabbitMQ): the message (`basicProperties`, `redelivered`, `data`) with `data` base64-decoded;
 * MQ also takes value-list patterns on plain-text data (`{"data": [{"prefix": "Result: "}]}`).
 */
export function rabbitmqFilterCandidate<T extends { data: string }>(message: T): Omit<T, 'data'> & { data: FilterPayload } {
  return { ...message, data: FilterPayload.fromBase64(message.data) };
}
