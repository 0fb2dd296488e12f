/**
 * Whether a mapping's queue or stream exists, asked of the source's endpoint (AWS, or whatever the
 * standard endpoint settings point at) as AWS does on Create. Only a definite "does not exist" refuses
 * the mapping: an endpoint that cannot be reached, refuses the credentials or answers anything else
 * lets it be created, and its poller reports the source's error once it runs.
 */
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { DescribeStreamCommand, DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import { endpointOverride, hasCredentialSource, outboundClientOptions, type OutboundService } from '../../outbound/credentials.js';
import type { SourceKind } from './kinds.js';

/** One quick question: a Create waits for it. */
const TIMEOUTS = { connectionTimeout: 2_000, requestTimeout: 5_000 };
const CLIENT_OPTIONS = { maxAttempts: 1, requestHandler: TIMEOUTS };
/** The Kinesis client speaks HTTP/2 unless told otherwise, which plain-HTTP endpoints (emulators) refuse. */
const HTTP1_OPTIONS = { maxAttempts: 1, requestHandler: new NodeHttpHandler(TIMEOUTS) };

const ARN = /^arn:[^:]+:[^:]+:(?<region>[^:]*):(?<account>[^:]*):(?<resource>.*)$/;

const clients = new Map<string, { destroy(): void }>();

function client<T extends { destroy(): void }>(key: string, make: () => T): T {
  let made = clients.get(key) as T | undefined;
  if (!made) {
    made = make();
    clients.set(key, made);
  }
  return made;
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : '';
}

/** What AWS answers for a queue that does not exist (its poller's first ReceiveMessage, as it words it). */
const MISSING_QUEUE = 'Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. ' +
  'SQS Error Message: The specified queue does not exist.';

function isMissingQueue(err: unknown): boolean {
  const code = (err as { Code?: string } | undefined)?.Code;
  return errorName(err) === 'QueueDoesNotExist' || code === 'AWS.SimpleQueueService.NonExistentQueue';
}

/**
 * AWS refuses a queue that hides a received message for less time than the function may run: the batch
 * would be received again while it still runs.
 */
async function checkVisibilityTimeout(sqs: SQSClient, queueUrl: string, functionTimeoutSeconds: number): Promise<void> {
  let visibility: number;
  try {
    const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['VisibilityTimeout'] }));
    visibility = Number(out.Attributes?.VisibilityTimeout);
  } catch {
    return;
  }
  if (Number.isFinite(visibility) && visibility < functionTimeoutSeconds) {
    throw new InvalidParameterValueException(
      `Invalid request provided: Queue visibility timeout: ${visibility} seconds is less than Function timeout: ${functionTimeoutSeconds} seconds`,
    );
  }
}

async function sourceIsMissing(
  kind: SourceKind, arn: string, region: string, account: string, resource: string, functionTimeoutSeconds: number,
): Promise<boolean> {
  switch (kind) {
    case 'sqs': {
      const sqs = client(`sqs:${region}`, () => new SQSClient({ region, ...outboundClientOptions('sqs'), ...CLIENT_OPTIONS }));
      let queueUrl: string | undefined;
      try {
        queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: resource, QueueOwnerAWSAccountId: account }))).QueueUrl;
      } catch (err) {
        return isMissingQueue(err);
      }
      if (queueUrl) await checkVisibilityTimeout(sqs, queueUrl, functionTimeoutSeconds);
      return false;
    }
    case 'kinesis': {
      const kinesis = client(`kinesis:${region}`, () => new KinesisClient({ region, ...outboundClientOptions('kinesis'), ...HTTP1_OPTIONS }));
      try {
        await kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: arn }));
        return false;
      } catch (err) {
        return errorName(err) === 'ResourceNotFoundException';
      }
    }
    case 'dynamodb-streams': {
      const streams = client(`dynamodbstreams:${region}`,
        () => new DynamoDBStreamsClient({ region, ...outboundClientOptions('dynamodbstreams'), ...CLIENT_OPTIONS }));
      try {
        await streams.send(new DescribeStreamCommand({ StreamArn: arn, Limit: 1 }));
        return false;
      } catch (err) {
        return errorName(err) === 'ResourceNotFoundException';
      }
    }
    default:
      return false;
  }
}

/** Refuses a mapping whose source the endpoint says does not exist; `fallbackRegion` for an ARN without one. */
const SERVICE: Partial<Record<SourceKind, OutboundService>> = { sqs: 'sqs', kinesis: 'kinesis', 'dynamodb-streams': 'dynamodbstreams' };

/** Without an endpoint to ask or credentials to sign with, the SDK would only wait on its credential chain. */
function canAsk(kind: SourceKind): boolean {
  const service = SERVICE[kind];
  return service !== undefined && (endpointOverride(service) !== undefined || hasCredentialSource());
}

export async function checkSourceExists(kind: SourceKind, arn: string, fallbackRegion: string, functionTimeoutSeconds: number): Promise<void> {
  const parts = ARN.exec(arn)?.groups;
  if (!parts || !canAsk(kind)) return;
  const region = parts.region || fallbackRegion;
  if (!(await sourceIsMissing(kind, arn, region, parts.account!, parts.resource!, functionTimeoutSeconds))) return;
  throw new InvalidParameterValueException(kind === 'sqs' ? MISSING_QUEUE : `Stream not found: ${arn}`);
}
