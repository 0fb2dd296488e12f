/**
 * AWS's rules for a mapping's settings, checked on the mapping as it would be after the write (a Create's
 * settings over the kind's defaults, an Update's over the stored mapping), with AWS's messages.
 */
import type { CreateEventSourceMappingRequest, EventSourceMappingConfiguration } from '../../model/types.generated.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import { STREAM_KINDS, type SourceKind } from './kinds.js';

const invalid = (message: string) => new InvalidParameterValueException(message);

/** What a Create must name before anything else is looked at. */
export function checkCreateRequest(kind: SourceKind | undefined, input: CreateEventSourceMappingRequest): SourceKind {
  if (kind === undefined) throw invalid('Unrecognized event source.');
  if (STREAM_KINDS.has(kind) && input.StartingPosition === undefined) {
    throw invalid("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.");
  }
  return kind;
}

/** The settings of the mapping as it would be written. */
export function checkSettings(kind: SourceKind, config: EventSourceMappingConfiguration): void {
  if (kind === 'sqs' && (config.BatchSize ?? 0) > 10 && (config.MaximumBatchingWindowInSeconds ?? 0) === 0) {
    throw invalid('Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10');
  }
}
