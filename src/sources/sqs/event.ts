/**
 * An SQS message as Lambda hands it to a function: one record of the event's `Records`, field by field
 * and in AWS's order, message attributes in Lambda's lower-camel shape.
 */
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { QueueRef } from './settings.js';

export interface SqsMessageAttribute {
  stringValue?: string;
  binaryValue?: string;
  stringListValues: string[];
  binaryListValues: string[];
  dataType: string;
}

export interface SqsEventRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, SqsMessageAttribute>;
  md5OfMessageAttributes: string | null;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

/** The system attributes Lambda passes on, in the order its events list them. */
const SYSTEM_ATTRIBUTES = [
  'ApproximateReceiveCount', 'SentTimestamp', 'SequenceNumber', 'MessageGroupId', 'SenderId',
  'MessageDeduplicationId', 'ApproximateFirstReceiveTimestamp', 'AWSTraceHeader', 'DeadLetterQueueSourceArn',
] as const;

function systemAttributes(received: Message['Attributes']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SYSTEM_ATTRIBUTES) {
    const value = received?.[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

function messageAttribute(value: MessageAttributeValue): SqsMessageAttribute {
  return {
    ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
    ...(value.BinaryValue !== undefined ? { binaryValue: base64(value.BinaryValue) } : {}),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map(base64),
    dataType: value.DataType ?? 'String',
  };
}

export function eventRecord(message: Message, queue: QueueRef): SqsEventRecord {
  const messageAttributes: Record<string, SqsMessageAttribute> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) messageAttributes[name] = messageAttribute(value);
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: systemAttributes(message.Attributes),
    messageAttributes,
    md5OfMessageAttributes: message.MD5OfMessageAttributes ?? null,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: queue.region,
  };
}

/** When SQS sent the message (ms since epoch): the lag is measured from it. */
export function sentAt(message: Message): number {
  const sent = Number(message.Attributes?.SentTimestamp);
  return Number.isFinite(sent) ? sent : Date.now();
}

export function messageGroup(message: Message): string | undefined {
  return message.Attributes?.MessageGroupId;
}
