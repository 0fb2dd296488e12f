/**
 * Event source mappings as stored: one document per mapping, keyed by its UUID and filed under the
 * function it invokes (parent = function name) so a function's delete takes its mappings along.
 *
 * The API writes the settings and a transitional State (Creating, Enabling, Disabling, Updating,
 * Deleting); the source manager (src/sources/manager.ts) starts or stops the poller and moves the State
 * on (Enabled, Disabled; a Deleting mapping is removed once its poller has stopped). Pollers keep their
 * progress (shard checkpoints, tumbling-window state) as SOURCE_CHECKPOINT_KIND documents filed under
 * the mapping's UUID; the manager removes those of mappings that are gone.
 */
import type { EventSourceMappingConfiguration } from '../../model/types.generated.js';

export const EVENT_SOURCE_MAPPING_KIND = 'event-source-mapping';
export const SOURCE_CHECKPOINT_KIND = 'event-source-checkpoint';

/** States a poller runs in; the others are transitions the manager completes, or Disabled. */
export const POLLING_STATES: ReadonlySet<string> = new Set(['Creating', 'Enabling', 'Enabled', 'Updating']);

export interface EventSourceMappingDoc {
  uuid: string;
  /** The function's name (its ARN, with any qualifier, is in `config.FunctionArn`). */
  functionName: string;
  /**
   * The mapping as the API returns it: every field AWS answers with, State and LastModified included
   * (LastModified in epoch seconds, as the model's timestamp). The manager writes State,
   * StateTransitionReason and LastProcessingResult; the API writes everything else.
   */
  config: EventSourceMappingConfiguration;
  /** Grows with every API write, so the manager knows a running poller's settings are stale. */
  generation: number;
  tags?: Record<string, string>;
}

export function checkpointKey(uuid: string, name: string): string {
  return `${uuid}/${name}`;
}
