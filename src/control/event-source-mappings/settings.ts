/**
 * Which request fields a mapping keeps, and how a Create or an Update lays them over what it had.
 * Only fields the request names change; an empty filter list removes the filters, as on AWS.
 */
import type {
  CreateEventSourceMappingRequest, EventSourceMappingConfiguration, UpdateEventSourceMappingRequest,
} from '../../model/types.generated.js';

/** Settings an Update may change (Enabled and FunctionName are handled apart). */
const UPDATABLE = [
  'BatchSize', 'FilterCriteria', 'MaximumBatchingWindowInSeconds', 'DestinationConfig', 'MaximumRecordAgeInSeconds',
  'BisectBatchOnFunctionError', 'MaximumRetryAttempts', 'ParallelizationFactor', 'SourceAccessConfigurations',
  'TumblingWindowInSeconds', 'FunctionResponseTypes', 'ScalingConfig', 'AmazonManagedKafkaEventSourceConfig',
  'SelfManagedKafkaEventSourceConfig', 'DocumentDBEventSourceConfig', 'KMSKeyArn', 'MetricsConfig', 'LoggingConfig',
  'ProvisionedPollerConfig',
] as const satisfies readonly (keyof UpdateEventSourceMappingRequest & keyof EventSourceMappingConfiguration)[];

/** Settings only a Create names: where the mapping reads from and where it starts. */
const CREATE_ONLY = [
  'EventSourceArn', 'StartingPosition', 'StartingPositionTimestamp', 'Topics', 'Queues', 'SelfManagedEventSource',
] as const satisfies readonly (keyof CreateEventSourceMappingRequest & keyof EventSourceMappingConfiguration)[];

type Settings = Partial<Record<(typeof UPDATABLE)[number] | (typeof CREATE_ONLY)[number], unknown>>;

function lay(config: EventSourceMappingConfiguration, input: Settings, keys: readonly string[]): EventSourceMappingConfiguration {
  const out: Record<string, unknown> = { ...config };
  const given = input as Record<string, unknown>;
  for (const key of keys) {
    if (given[key] === undefined || given[key] === null) continue;
    out[key] = given[key];
  }
  const filters = (out as EventSourceMappingConfiguration).FilterCriteria;
  if (filters !== undefined && (filters.Filters ?? []).length === 0) delete out.FilterCriteria;
  // An empty ScalingConfig lifts the concurrency cap, as on AWS.
  const scaling = (out as EventSourceMappingConfiguration).ScalingConfig;
  if (scaling !== undefined && scaling.MaximumConcurrency === undefined) delete out.ScalingConfig;
  if (typeof out.StartingPositionTimestamp === 'string') out.StartingPositionTimestamp = Number(out.StartingPositionTimestamp);
  return out as EventSourceMappingConfiguration;
}

export function withCreateSettings(config: EventSourceMappingConfiguration, input: CreateEventSourceMappingRequest): EventSourceMappingConfiguration {
  return lay(config, input, [...CREATE_ONLY, ...UPDATABLE]);
}

export function withUpdateSettings(config: EventSourceMappingConfiguration, input: UpdateEventSourceMappingRequest): EventSourceMappingConfiguration {
  return lay(config, input, UPDATABLE);
}
