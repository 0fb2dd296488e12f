/**
 * A stream mapping's settings as the shard poller uses them, read once from the stored configuration
 * (the API has already applied AWS's defaults and limits; the fallbacks here are AWS's defaults too).
 */
import type { EventSourceMappingConfiguration } from '../../model/types.generated.js';
import type { ShardPosition } from './adapter.js';

export interface StreamSettings {
  functionArn: string;
  eventSourceArn: string;
  batchSize: number;
  batchingWindowMs: number;
  /** -1: retried until the record expires. */
  maxRetries: number;
  /** -1: no age limit. */
  maxRecordAgeMs: number;
  bisect: boolean;
  /** Concurrent batches per shard, 1 to 10. */
  parallelization: number;
  /** 0: no tumbling window. */
  tumblingWindowMs: number;
  reportItemFailures: boolean;
  onFailure?: string;
  /** Where a shard that was there when the mapping first polled starts. */
  startingPosition: ShardPosition;
}

function startingPosition(config: EventSourceMappingConfiguration): ShardPosition {
  switch (config.StartingPosition) {
    case 'TRIM_HORIZON': return { type: 'TRIM_HORIZON' };
    case 'AT_TIMESTAMP': return { type: 'AT_TIMESTAMP', timestamp: new Date((config.StartingPositionTimestamp ?? 0) * 1000) };
    default: return { type: 'LATEST' };
  }
}

export function streamSettings(config: EventSourceMappingConfiguration): StreamSettings {
  const seconds = (value: number | undefined, fallback: number) => (value ?? fallback) < 0 ? -1 : (value ?? fallback) * 1000;
  return {
    functionArn: config.FunctionArn ?? '',
    eventSourceArn: config.EventSourceArn ?? '',
    batchSize: Math.max(1, config.BatchSize ?? 100),
    batchingWindowMs: Math.max(0, config.MaximumBatchingWindowInSeconds ?? 0) * 1000,
    maxRetries: config.MaximumRetryAttempts ?? -1,
    maxRecordAgeMs: seconds(config.MaximumRecordAgeInSeconds, -1),
    bisect: config.BisectBatchOnFunctionError ?? false,
    parallelization: Math.min(10, Math.max(1, config.ParallelizationFactor ?? 1)),
    tumblingWindowMs: Math.max(0, config.TumblingWindowInSeconds ?? 0) * 1000,
    reportItemFailures: (config.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
    ...(config.DestinationConfig?.OnFailure?.Destination ? { onFailure: config.DestinationConfig.OnFailure.Destination } : {}),
    startingPosition: startingPosition(config),
  };
}
