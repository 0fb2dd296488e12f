/**
 * ListEventSourceMappings: by function and/or source ARN, in UUID order, the marker being the last UUID
 * shown. A filter naming nothing that exists finds nothing (AWS does not check them). A qualified
 * function name lists the mappings of that version or alias; an unqualified one, the function's own.
 */
import type { EventSourceMappingConfiguration, ListEventSourceMappingsResponse } from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { splitIdentifier } from '../arn.js';
import { EVENT_SOURCE_MAPPING_KIND, type EventSourceMappingDoc } from './records.js';

const LIST_LIMIT = 100;

export interface ListInput { FunctionName?: string; EventSourceArn?: string; Marker?: string; MaxItems?: number }

function qualifierOf(functionArn: string | undefined): string | undefined {
  return functionArn?.split(':')[7];
}

export async function listEventSourceMappings(deps: StoreDep, caller: Scope, input: ListInput): Promise<ListEventSourceMappingsResponse> {
  const limit = Math.min(input.MaxItems ?? LIST_LIMIT, LIST_LIMIT);
  const fn = input.FunctionName === undefined ? undefined : splitIdentifier(input.FunctionName) ?? { name: input.FunctionName };
  const wanted = (config: EventSourceMappingConfiguration): boolean =>
    (input.EventSourceArn === undefined || config.EventSourceArn === input.EventSourceArn)
    && (fn === undefined || qualifierOf(config.FunctionArn) === fn.qualifier);
  const shown: EventSourceMappingConfiguration[] = [];
  let after = input.Marker;
  for (;;) {
    const page = await deps.store.list<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND, caller, {
      ...(fn ? { parent: fn.name } : {}), ...(after ? { after } : {}), limit: LIST_LIMIT,
    });
    for (const item of page) {
      if (!wanted(item.doc.config)) continue;
      if (shown.length === limit) return { EventSourceMappings: shown, NextMarker: shown[shown.length - 1]!.UUID! };
      shown.push(item.doc.config);
    }
    if (page.length < LIST_LIMIT) return { EventSourceMappings: shown };
    after = page[page.length - 1]!.key;
  }
}
