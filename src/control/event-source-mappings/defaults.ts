/**
 * What a new mapping holds before the request's settings are laid over it, per kind of source, as
 * AWS answers a Create: queues carry no stream settings at all, streams carry every one of theirs.
 */
import type { EventSourceMappingConfiguration } from '../../model/types.generated.js';
import type { SourceKind } from './kinds.js';

/** The BatchSize a mapping gets when the request names none, and the largest it may name. */
export interface BatchLimits { defaultSize: number; maxSize: number }

export function batchLimits(kind: SourceKind, fifo: boolean): BatchLimits {
  if (kind === 'sqs') return fifo ? { defaultSize: 10, maxSize: 10 } : { defaultSize: 10, maxSize: 10_000 };
  return { defaultSize: 100, maxSize: 10_000 };
}

/** AWS words the reason of a stream mapping's state differently from every other kind's. */
export function initialTransitionReason(kind: SourceKind): string {
  return kind === 'kinesis' || kind === 'dynamodb-streams' ? 'User action' : 'USER_INITIATED';
}

export const NO_RECORDS_PROCESSED = 'No records processed';

/** The fields a kind's answer always carries, with their values before the request's are applied. */
export function kindDefaults(kind: SourceKind): EventSourceMappingConfiguration {
  switch (kind) {
    case 'sqs':
      return { MaximumBatchingWindowInSeconds: 0, FunctionResponseTypes: [] };
    case 'kinesis':
    case 'dynamodb-streams':
      return {
        MaximumBatchingWindowInSeconds: 0,
        ParallelizationFactor: 1,
        DestinationConfig: { OnFailure: {} },
        MaximumRecordAgeInSeconds: -1,
        BisectBatchOnFunctionError: false,
        MaximumRetryAttempts: -1,
        TumblingWindowInSeconds: 0,
        FunctionResponseTypes: [],
        LastProcessingResult: NO_RECORDS_PROCESSED,
      };
    default:
      // Amazon MQ batches for 500 ms unless told otherwise, which no whole number of seconds can say.
      return { LastProcessingResult: NO_RECORDS_PROCESSED };
  }
}

/** A stream mapping always answers with an OnFailure member, empty when it has no destination. */
export function withKindShape(kind: SourceKind, config: EventSourceMappingConfiguration): EventSourceMappingConfiguration {
  if (kind !== 'kinesis' && kind !== 'dynamodb-streams') return config;
  return { ...config, DestinationConfig: { ...config.DestinationConfig, OnFailure: config.DestinationConfig?.OnFailure ?? {} } };
}
