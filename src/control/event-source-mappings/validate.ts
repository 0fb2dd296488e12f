/**
 * AWS's rules for a mapping's settings, checked on the mapping as it would be after the write (a
 * Create's settings over the kind's defaults, an Update's over the stored mapping), with AWS's messages.
 * Ranges the model states (BatchSize 1..10000, ParallelizationFactor 1..10, ...) are the front door's.
 */
import type { CreateEventSourceMappingRequest, EventSourceMappingConfiguration } from '../../model/types.generated.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import { validateFilterCriteria } from '../../sources/filter/index.js';
import { STREAM_KINDS, type SourceKind } from './kinds.js';
import { checkMqSettings } from './mq.js';
import { batchLimits } from './defaults.js';

const invalid = (message: string) => new InvalidParameterValueException(message);

/** What Lambkin cannot read, named so that a user knows what is missing rather than what went wrong. */
const NO_BROKER_SUPPORT: Partial<Record<SourceKind, string>> = {
  msk: 'Amazon MSK (Kafka) event sources',
  'self-managed-kafka': 'self-managed Apache Kafka event sources (SelfManagedEventSource)',
  documentdb: 'Amazon DocumentDB change stream event sources',
};

function unsupportedKind(kind: SourceKind): InvalidParameterValueException {
  return invalid(
    `Lambkin does not support ${NO_BROKER_SUPPORT[kind]}: it has no client for that broker. ` +
    'It reads Amazon SQS, Amazon Kinesis, Amazon DynamoDB Streams and Amazon MQ (RabbitMQ) event sources.',
  );
}

/** The settings each kind takes beyond those every kind takes (batching, filters, KMS key, metrics, logging). */
const STREAM_SETTINGS = [
  'StartingPosition', 'StartingPositionTimestamp', 'ParallelizationFactor', 'DestinationConfig', 'MaximumRecordAgeInSeconds',
  'BisectBatchOnFunctionError', 'MaximumRetryAttempts', 'TumblingWindowInSeconds', 'FunctionResponseTypes',
] as const;

const KIND_SETTINGS: Partial<Record<SourceKind, ReadonlySet<string>>> = {
  sqs: new Set(['FunctionResponseTypes', 'ScalingConfig', 'ProvisionedPollerConfig']),
  kinesis: new Set(STREAM_SETTINGS),
  'dynamodb-streams': new Set(STREAM_SETTINGS),
  mq: new Set(['Queues', 'SourceAccessConfigurations']),
};

/** Settings that only some kinds take, in the order AWS reports the first one it refuses. */
const KIND_SPECIFIC = [
  'StartingPosition', 'StartingPositionTimestamp', 'DestinationConfig', 'ParallelizationFactor', 'MaximumRecordAgeInSeconds',
  'BisectBatchOnFunctionError', 'MaximumRetryAttempts', 'TumblingWindowInSeconds', 'FunctionResponseTypes', 'ScalingConfig',
  'ProvisionedPollerConfig', 'Topics', 'Queues', 'SourceAccessConfigurations', 'SelfManagedEventSource',
  'AmazonManagedKafkaEventSourceConfig', 'SelfManagedKafkaEventSourceConfig', 'DocumentDBEventSourceConfig',
] as const satisfies readonly (keyof EventSourceMappingConfiguration)[];

const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function refusal(kind: SourceKind, setting: string): InvalidParameterValueException {
  if (kind === 'sqs' && setting.startsWith('StartingPosition')) return invalid('StartingPosition is not valid for SQS event sources.');
  if (setting === 'DestinationConfig') return invalid('Unsupported DestinationConfig parameter for given event source mapping type.');
  return invalid(`Unsupported '${camel(setting)}' parameter for given event source mapping type.`);
}

/** The source kind a Create names, refused when Lambkin has nothing to read it with. */
export function checkCreateRequest(kind: SourceKind | undefined, input: CreateEventSourceMappingRequest): SourceKind {
  // AWS looks at the destinations first: no mapping of any kind takes an OnSuccess destination.
  if (input.DestinationConfig?.OnSuccess !== undefined) throw refusal('sqs', 'DestinationConfig');
  if (kind === undefined) throw invalid('Unrecognized event source.');
  if (NO_BROKER_SUPPORT[kind] !== undefined) throw unsupportedKind(kind);
  if (STREAM_KINDS.has(kind) && input.StartingPosition === undefined) {
    throw invalid("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.");
  }
  return kind;
}

function checkStartingPosition(kind: SourceKind, config: EventSourceMappingConfiguration): void {
  const position = config.StartingPosition;
  if (position === undefined || !STREAM_KINDS.has(kind)) return;
  if (config.StartingPositionTimestamp !== undefined && position !== 'AT_TIMESTAMP') {
    throw invalid('Timestamp only valid with StartingPosition AT_TIMESTAMP');
  }
  if (position !== 'AT_TIMESTAMP') return;
  if (kind === 'dynamodb-streams') throw invalid(`Unsupported starting position for arn type: ${config.EventSourceArn}`);
  if (config.StartingPositionTimestamp === undefined) throw invalid('Need to specify a timestamp');
  if (config.StartingPositionTimestamp < 0) {
    throw invalid('Received Exception while reading from provided stream. class java.lang.Long can not be converted to a Timestamp');
  }
}

function checkBatching(kind: SourceKind, config: EventSourceMappingConfiguration, fifo: boolean): void {
  if (kind !== 'sqs') return;
  const batchSize = config.BatchSize ?? 0;
  const window = config.MaximumBatchingWindowInSeconds ?? 0;
  const { maxSize } = batchLimits(kind, fifo);
  // Above 10000 the front door answers (the model's limit); a FIFO queue's lower cap is this rule's.
  if (batchSize > maxSize) throw invalid(`Maximum batch size must be between 1 and ${maxSize} inclusive`);
  if (fifo && window > 0) throw invalid('Batching window is not supported for FIFO queues');
  if (batchSize > 10 && window === 0) {
    throw invalid('Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10');
  }
}

/** The name the filter module knows a kind's records by. */
const FILTER_SOURCE: Partial<Record<SourceKind, string>> = {
  sqs: 'sqs', kinesis: 'kinesis', 'dynamodb-streams': 'dynamodb-streams', mq: 'rabbitmq',
};

/** The settings of the mapping as it would be written. */
export function checkSettings(kind: SourceKind, config: EventSourceMappingConfiguration): void {
  if (config.DestinationConfig?.OnSuccess !== undefined) throw refusal(kind, 'DestinationConfig');
  const allowed = KIND_SETTINGS[kind] ?? new Set<string>();
  const record = config as Record<string, unknown>;
  for (const setting of KIND_SPECIFIC) {
    if (record[setting] !== undefined && !allowed.has(setting)) throw refusal(kind, setting);
  }
  checkStartingPosition(kind, config);
  checkBatching(kind, config, (config.EventSourceArn ?? '').endsWith('.fifo'));
  const age = config.MaximumRecordAgeInSeconds;
  if (age !== undefined && age !== -1 && age < 60) {
    throw invalid('MaximumRecordAgeInSeconds must be either -1 (forever) or between 60 and 604800 (inclusive)');
  }
  if (kind === 'mq') checkMqSettings(config);
  validateFilterCriteria(config.FilterCriteria, FILTER_SOURCE[kind]);
}
