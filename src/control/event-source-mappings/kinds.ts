/**
 * The kinds of event source a mapping may read, told apart as AWS does: by the service its
 * EventSourceArn names (a self-managed Kafka cluster has none, only SelfManagedEventSource).
 */
import type { CreateEventSourceMappingRequest } from '../../model/types.generated.js';

export type SourceKind = 'sqs' | 'kinesis' | 'dynamodb-streams' | 'mq' | 'msk' | 'self-managed-kafka' | 'documentdb';

/** Kinesis data streams and DynamoDB streams: sharded, read from a StartingPosition, checkpointed. */
export const STREAM_KINDS: ReadonlySet<SourceKind> = new Set(['kinesis', 'dynamodb-streams']);

const ARN = /^arn:[^:]+:([^:]+):[^:]*:[^:]*:(.*)$/;

/** The kind an ARN names; undefined when it names no source Lambda reads. */
export function kindOfArn(arn: string): SourceKind | undefined {
  const match = ARN.exec(arn);
  if (!match) return undefined;
  const [, service, resource] = match as unknown as [string, string, string];
  switch (service) {
    case 'sqs': return 'sqs';
    case 'kinesis': return resource.startsWith('stream/') ? 'kinesis' : undefined;
    case 'dynamodb': return /^table\/[^/]+\/stream\/.+/.test(resource) ? 'dynamodb-streams' : undefined;
    case 'mq': return 'mq';
    case 'kafka': return 'msk';
    case 'rds': return 'documentdb';
    default: return undefined;
  }
}

/** The kind a Create names: by its ARN, or self-managed Kafka by its bootstrap servers. */
export function kindOfRequest(input: Pick<CreateEventSourceMappingRequest, 'EventSourceArn' | 'SelfManagedEventSource'>): SourceKind | undefined {
  if (input.EventSourceArn !== undefined) return kindOfArn(input.EventSourceArn);
  if (input.SelfManagedEventSource !== undefined) return 'self-managed-kafka';
  return undefined;
}
