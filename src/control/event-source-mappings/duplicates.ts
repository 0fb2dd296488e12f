/**
 * One mapping per function and source: a second Create (or an Update moving a mapping onto a function)
 * for the same function ARN and the same queue or stream is refused with the existing mapping's UUID,
 * worded as AWS words it for queues and for streams. An Amazon MQ mapping is one per broker queue.
 */
import type { EventSourceMappingConfiguration } from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { ResourceConflictException } from '../../errors/catalogue.js';
import { EVENT_SOURCE_MAPPING_KIND, type EventSourceMappingDoc } from './records.js';
import type { SourceKind } from './kinds.js';

function sameSource(a: EventSourceMappingConfiguration, b: EventSourceMappingConfiguration): boolean {
  if (a.EventSourceArn !== b.EventSourceArn) return false;
  return (a.Queues?.[0] ?? '') === (b.Queues?.[0] ?? '');
}

/** Throws when another live mapping of the scope reads the same source into the same function ARN. */
export async function refuseDuplicate(
  deps: StoreDep, scope: Scope, kind: SourceKind, config: EventSourceMappingConfiguration, functionName: string,
): Promise<void> {
  const all = await deps.store.list<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND, scope);
  const existing = all.find(({ doc }) => doc.uuid !== config.UUID && doc.config.State !== 'Deleting'
    && doc.config.FunctionArn === config.FunctionArn && sameSource(doc.config, config));
  if (!existing) return;
  const arn = config.EventSourceArn;
  const uuid = existing.doc.uuid;
  throw new ResourceConflictException(kind === 'sqs'
    ? `An event source mapping with SQS arn (" ${arn} ") and function (" ${functionName} ") already exists. Please update or delete the existing mapping with UUID ${uuid}`
    : `The event source arn (" ${arn} ") and function (" ${functionName} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${uuid}`);
}
