/**
 * The State moves the manager completes, decided from the stored mapping alone. The API writes a
 * transitional State (Creating, Enabling, Updating for a mapping that is on; Disabling; Deleting; a
 * mapping created or updated while off stays Disabled); the manager starts or stops the poller and
 * settles it.
 */
import type { EventSourceMappingConfiguration } from '../model/types.generated.js';
import { POLLING_STATES, type EventSourceMappingDoc } from '../control/event-source-mappings/records.js';

/** Whether a poller should run for the mapping as stored. */
export function wantsPoller(doc: EventSourceMappingDoc): boolean {
  return POLLING_STATES.has(doc.config.State ?? '');
}

/** The State a transitional one settles on; undefined when there is nothing to settle (or Deleting). */
export function settledState(doc: EventSourceMappingDoc): 'Enabled' | 'Disabled' | undefined {
  switch (doc.config.State) {
    case 'Creating':
    case 'Enabling':
    case 'Updating': return 'Enabled';
    case 'Disabling': return 'Disabled';
    default: return undefined;
  }
}

/**
 * AWS words a user's change differently per source (recorded: SQS and MQ say USER_INITIATED, the
 * streams say "User action"); the API has already written the right one, so it is kept when present.
 */
export function userTransitionReason(config: EventSourceMappingConfiguration): string {
  if (config.StateTransitionReason) return config.StateTransitionReason;
  const service = /^arn:[^:]+:([^:]+):/.exec(config.EventSourceArn ?? '')?.[1];
  return service === 'kinesis' || service === 'dynamodb' ? 'User action' : 'USER_INITIATED';
}

/** The mapping with its State settled, LastModified moved to now (AWS counts a State change as one). */
export function settle(doc: EventSourceMappingDoc, state: 'Enabled' | 'Disabled', nowMs: number): EventSourceMappingDoc {
  return {
    ...doc,
    config: { ...doc.config, State: state, StateTransitionReason: userTransitionReason(doc.config), LastModified: nowMs / 1000 },
  };
}
