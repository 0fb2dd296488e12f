/**
 * Outbound delivery to AWS services (or whatever the standard endpoint settings point at: emulators,
 * MinIO): SQS, SNS, EventBridge and S3 through the AWS SDK clients, with the server's credentials (or an
 * emulator's dummy ones, see outbound/credentials.ts) and the region of the target's ARN. A Lambda
 * target is another event in Lambkin's own queue.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueUrlCommand, SQSClient, SendMessageCommand, type MessageAttributeValue } from '@aws-sdk/client-sqs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ConfigDep, StoreDep } from '../control/deps.js';
import type { AsyncQueue } from './queue.js';

/** Senders read the default region and endpoint overrides; a Lambda destination enqueues an event. */
export interface SenderDeps extends ConfigDep, StoreDep { asyncQueue: Pick<AsyncQueue, 'enqueue'> }
import type { Scope } from '../store/types.js';
import { functionArn, splitIdentifier } from '../control/arn.js';
import { resolveInvoke } from '../control/invoke/run.js';
import { parseArn, type ParsedArn } from '../control/event-invoke-configs/destinations.js';
import type { InvocationRecord } from './delivery-state.js';
import { outboundClientOptions, type OutboundService } from '../outbound/credentials.js';

/** A failed send fails fast: the pipeline has its own, persistent, retries. */
const CLIENT_OPTIONS = { maxAttempts: 2, requestHandler: { connectionTimeout: 3_000, requestTimeout: 15_000 } };

const clients = new Map<string, unknown>();

function cached<T>(key: string, make: () => T): T {
  let client = clients.get(key) as T | undefined;
  if (!client) {
    client = make();
    clients.set(key, client);
  }
  return client;
}

/** An ARN without a region (an S3 bucket's) takes its function's region, else the server's default. */
function regionOf(app: ConfigDep, arn: ParsedArn, sourceRegion?: string): string {
  return arn.region || sourceRegion || app.config.region;
}

function parsedArn(arn: string): ParsedArn {
  const parsed = parseArn(arn);
  if (!parsed) throw new Error(`not an ARN: ${arn}`);
  return parsed;
}

const queueUrls = new Map<string, string>();

async function queueUrl(client: SQSClient, arn: string, parsed: ParsedArn): Promise<string> {
  const known = queueUrls.get(arn);
  if (known) return known;
  const out = await client.send(new GetQueueUrlCommand({ QueueName: parsed.resource, QueueOwnerAWSAccountId: parsed.account }));
  if (!out.QueueUrl) throw new Error(`no URL for queue ${arn}`);
  queueUrls.set(arn, out.QueueUrl);
  return out.QueueUrl;
}

export type Attributes = Record<string, { DataType: 'String' | 'Number'; StringValue: string }>;

export async function sendToSqs(app: ConfigDep, arn: string, body: string, attributes?: Attributes): Promise<void> {
  const parsed = parsedArn(arn);
  const region = regionOf(app, parsed);
  const client = cached(`sqs:${region}`, () => new SQSClient({ region, ...outboundClientOptions('sqs'), ...CLIENT_OPTIONS }));
  await client.send(new SendMessageCommand({
    QueueUrl: await queueUrl(client, arn, parsed),
    MessageBody: body,
    ...(attributes ? { MessageAttributes: attributes as Record<string, MessageAttributeValue> } : {}),
  }));
}

export async function publishToSns(app: ConfigDep, arn: string, message: string, attributes?: Attributes): Promise<void> {
  const region = regionOf(app, parsedArn(arn));
  const client = cached(`sns:${region}`, () => new SNSClient({ region, ...outboundClientOptions('sns'), ...CLIENT_OPTIONS }));
  await client.send(new PublishCommand({ TopicArn: arn, Message: message, ...(attributes ? { MessageAttributes: attributes } : {}) }));
}

async function putToEventBridge(app: SenderDeps, arn: string, record: InvocationRecord): Promise<void> {
  const region = regionOf(app, parsedArn(arn));
  const client = cached(`events:${region}`, () => new EventBridgeClient({ region, ...outboundClientOptions('eventbridge'), ...CLIENT_OPTIONS }));
  const success = record.requestContext.condition === 'Success';
  const out = await client.send(new PutEventsCommand({
    Entries: [{
      EventBusName: arn,
      Source: 'lambda',
      DetailType: `Lambda Function Invocation Result - ${success ? 'Success' : 'Failure'}`,
      Detail: JSON.stringify(record),
      Resources: [arn, record.requestContext.functionArn],
    }],
  }));
  if (out.FailedEntryCount) throw new Error(`event bus refused the record: ${out.Entries?.[0]?.ErrorMessage ?? 'unknown error'}`);
}

/** Object key as AWS names failure records: by function and date, unique per record. */
export function s3RecordKey(record: InvocationRecord, now = new Date()): string {
  const name = splitIdentifier(record.requestContext.functionArn)?.name ?? 'function';
  const iso = now.toISOString();
  const [date] = iso.split('T') as [string];
  const stamp = iso.slice(0, 19).replace(/:/g, '.');
  return `aws/lambda/async/${name}/${date.replace(/-/g, '/')}/${stamp}-${randomUUID()}`;
}

/** Puts a JSON object under `key` in the bucket an S3 ARN names (which has no region: `sourceRegion`'s then). */
export async function putJsonToS3(app: ConfigDep, arn: string, key: string, body: string, sourceRegion?: string): Promise<void> {
  const region = regionOf(app, parsedArn(arn), sourceRegion);
  const client = cached(`s3:${region}`, () => new S3Client({ region, ...outboundClientOptions('s3'), ...CLIENT_OPTIONS }));
  await client.send(new PutObjectCommand({ Bucket: parsedArn(arn).resource, Key: key, Body: body, ContentType: 'application/json' }));
}

function putToS3(app: SenderDeps, arn: string, record: InvocationRecord, sourceRegion: string): Promise<void> {
  return putJsonToS3(app, arn, s3RecordKey(record), JSON.stringify(record), sourceRegion);
}

/** A Lambda destination is invoked asynchronously, with the record as its event. */
async function invokeLambda(app: SenderDeps, arn: string, record: InvocationRecord, source: Scope): Promise<void> {
  const parts = splitIdentifier(arn);
  if (!parts) throw new Error(`not a function ARN: ${arn}`);
  const scope: Scope = { accountId: parts.account ?? source.accountId, region: parts.region ?? source.region };
  const resolved = await resolveInvoke(app, scope, arn);
  await app.asyncQueue.enqueue(resolved.loaded.scope, {
    functionArn: functionArn(resolved.loaded.ref),
    ...(resolved.loaded.ref.qualifier ? { qualifier: resolved.loaded.ref.qualifier } : {}),
    payload: Buffer.from(JSON.stringify(record)).toString('base64'),
  });
}

/** The AWS service a target ARN is reached through (undefined for Lambda targets and unknown ones). */
export function serviceOfTarget(arn: string): OutboundService | undefined {
  const service = parseArn(arn)?.service;
  if (service === 'events') return 'eventbridge';
  return service === 'sqs' || service === 'sns' || service === 's3' ? service : undefined;
}

/** Sends a record for a function of the `source` scope (which a partial Lambda ARN is relative to). */
export async function sendRecord(app: SenderDeps, arn: string, record: InvocationRecord, source: Scope): Promise<void> {
  const service = parsedArn(arn).service;
  switch (service) {
    case 'sqs': return sendToSqs(app, arn, JSON.stringify(record));
    case 'sns': return publishToSns(app, arn, JSON.stringify(record));
    case 'events': return putToEventBridge(app, arn, record);
    case 's3': return putToS3(app, arn, record, source.region);
    case 'lambda': return invokeLambda(app, arn, record, source);
    default: throw new Error(`unsupported destination ${arn}`);
  }
}

/** Dead-letter targets get the original event as the body, and the error as message attributes. */
export async function sendDeadLetter(app: SenderDeps, arn: string, event: string, error: { requestId: string; code: string; message: string }): Promise<void> {
  const attributes: Attributes = {
    RequestID: { DataType: 'String', StringValue: error.requestId },
    ErrorCode: { DataType: 'Number', StringValue: error.code },
    ErrorMessage: { DataType: 'String', StringValue: error.message },
  };
  const service = parsedArn(arn).service;
  if (service === 'sqs') return sendToSqs(app, arn, event, attributes);
  if (service === 'sns') return publishToSns(app, arn, event, attributes);
  throw new Error(`unsupported dead-letter target ${arn}`);
}
