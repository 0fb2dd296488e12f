/**
 * Create/Get/Update/Delete/List of event source mappings. The API writes the mapping's settings and a
 * transitional State; the source manager starts or stops its poller and completes the transition
 * (Creating → Enabled, Disabling → Disabled, a Deleting mapping removed once its poller stopped).
 */
import { randomUUID } from 'node:crypto';
import type {
  CreateEventSourceMappingRequest, EventSourceMappingConfiguration, ListEventSourceMappingsResponse,
  UpdateEventSourceMappingRequest,
} from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope, StoredDoc } from '../../store/types.js';
import { StoreConflict } from '../../store/types.js';
import { ResourceNotFoundException } from '../../errors/catalogue.js';
import { partitionOf, splitIdentifier } from '../arn.js';
import { updateInProgressOn, WRITE_ATTEMPTS } from '../write-attempts.js';
import { EVENT_SOURCE_MAPPING_KIND, type EventSourceMappingDoc } from './records.js';
import { kindOfArn, kindOfRequest, type SourceKind } from './kinds.js';
import { batchLimits, initialTransitionReason, kindDefaults } from './defaults.js';
import { withCreateSettings, withUpdateSettings } from './settings.js';
import { checkCreateRequest, checkSettings } from './validate.js';
import { loadMappingTarget } from './target.js';

const LIST_LIMIT = 100;

export const mappingNotFound = () => new ResourceNotFoundException('The resource you requested does not exist.');

export function eventSourceMappingArn(scope: Scope, uuid: string): string {
  return `arn:${partitionOf(scope.region)}:lambda:${scope.region}:${scope.accountId}:event-source-mapping:${uuid}`;
}

/** LastModified as the model's timestamp: epoch seconds, to the millisecond. */
const now = () => Date.now() / 1000;

const isFifoQueue = (arn: string | undefined) => arn !== undefined && arn.endsWith('.fifo');

/** A mapping's state while it is switched on (a poller runs or is about to). */
function isOn(state: string | undefined): boolean {
  return state !== 'Disabled' && state !== 'Disabling';
}

export async function loadMapping(deps: StoreDep, scope: Scope, uuid: string): Promise<StoredDoc<EventSourceMappingDoc>> {
  const stored = await deps.store.get<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND, scope, uuid);
  if (!stored) throw mappingNotFound();
  return stored;
}

export async function createEventSourceMapping(
  deps: StoreDep, caller: Scope, input: CreateEventSourceMappingRequest,
): Promise<EventSourceMappingConfiguration> {
  const kind = checkCreateRequest(kindOfRequest(input), input);
  const target = await loadMappingTarget(deps, caller, input.FunctionName, 'CreateEventSourceMapping');
  const uuid = randomUUID();
  const limits = batchLimits(kind, isFifoQueue(input.EventSourceArn));
  const config: EventSourceMappingConfiguration = {
    UUID: uuid,
    BatchSize: limits.defaultSize,
    ...withCreateSettings(kindDefaults(kind), input),
    FunctionArn: target.functionArn,
    LastModified: now(),
    State: input.Enabled === false ? 'Disabled' : 'Creating',
    StateTransitionReason: initialTransitionReason(kind),
    EventSourceMappingArn: eventSourceMappingArn(target.scope, uuid),
  };
  checkSettings(kind, config);
  const doc: EventSourceMappingDoc = {
    uuid, functionName: target.ref.name, config, generation: 1,
    ...(input.Tags && Object.keys(input.Tags).length > 0 ? { tags: { ...input.Tags } } : {}),
  };
  await deps.store.commit([{
    op: 'put', kind: EVENT_SOURCE_MAPPING_KIND, scope: target.scope, key: uuid, parent: target.ref.name, doc, ifAbsent: true,
  }]);
  return config;
}

export async function getEventSourceMapping(deps: StoreDep, caller: Scope, uuid: string): Promise<EventSourceMappingConfiguration> {
  return (await loadMapping(deps, caller, uuid)).doc.config;
}

function kindOf(config: EventSourceMappingConfiguration): SourceKind {
  return config.EventSourceArn !== undefined ? kindOfArn(config.EventSourceArn) ?? 'sqs' : 'self-managed-kafka';
}

/** The State an Update leaves: a switch on or off, an Updating mapping that polls, a disabled one that stays so. */
function stateAfterUpdate(current: string | undefined, enabled: boolean | undefined): string {
  const on = isOn(current);
  if (enabled === true && !on) return 'Enabling';
  if (enabled === false && on) return 'Disabling';
  return on ? 'Updating' : 'Disabled';
}

export async function updateEventSourceMapping(
  deps: StoreDep, caller: Scope, input: UpdateEventSourceMappingRequest,
): Promise<EventSourceMappingConfiguration> {
  for (let attempt = 1; ; attempt++) {
    const stored = await loadMapping(deps, caller, input.UUID);
    const current = stored.doc;
    const kind = kindOf(current.config);
    const target = input.FunctionName === undefined
      ? undefined
      : await loadMappingTarget(deps, caller, input.FunctionName, 'UpdateEventSourceMapping');
    const config: EventSourceMappingConfiguration = {
      ...withUpdateSettings(current.config, input),
      ...(target ? { FunctionArn: target.functionArn } : {}),
      LastModified: now(),
      State: stateAfterUpdate(current.config.State, input.Enabled),
    };
    checkSettings(kind, config);
    const doc: EventSourceMappingDoc = {
      ...current, functionName: target?.ref.name ?? current.functionName, config, generation: current.generation + 1,
    };
    try {
      await deps.store.commit([{
        op: 'put', kind: EVENT_SOURCE_MAPPING_KIND, scope: caller, key: stored.key, parent: doc.functionName, doc, ifSeq: stored.seq,
      }]);
      return config;
    } catch (err) {
      if (!(err instanceof StoreConflict)) throw err;
      if (attempt >= WRITE_ATTEMPTS) throw updateInProgressOn(eventSourceMappingArn(caller, input.UUID));
    }
  }
}

/** Marks the mapping Deleting; the manager removes it once its poller has stopped. */
export async function deleteEventSourceMapping(deps: StoreDep, caller: Scope, uuid: string): Promise<EventSourceMappingConfiguration> {
  for (let attempt = 1; ; attempt++) {
    const stored = await loadMapping(deps, caller, uuid);
    const config: EventSourceMappingConfiguration = { ...stored.doc.config, State: 'Deleting' };
    const doc: EventSourceMappingDoc = { ...stored.doc, config, generation: stored.doc.generation + 1 };
    try {
      await deps.store.commit([{
        op: 'put', kind: EVENT_SOURCE_MAPPING_KIND, scope: caller, key: uuid, parent: doc.functionName, doc, ifSeq: stored.seq,
      }]);
      return config;
    } catch (err) {
      if (!(err instanceof StoreConflict)) throw err;
      if (attempt >= WRITE_ATTEMPTS) throw updateInProgressOn(eventSourceMappingArn(caller, uuid));
    }
  }
}

/**
 * Mappings by function and/or source ARN, in UUID order; the marker is the last UUID shown. A filter
 * naming nothing that exists finds nothing (AWS does not check them). A qualified function name lists
 * the mappings of that version or alias; an unqualified one, the function's own.
 */
export async function listEventSourceMappings(
  deps: StoreDep, caller: Scope, input: { FunctionName?: string; EventSourceArn?: string; Marker?: string; MaxItems?: number },
): Promise<ListEventSourceMappingsResponse> {
  const limit = Math.min(input.MaxItems ?? LIST_LIMIT, LIST_LIMIT);
  const fn = input.FunctionName === undefined ? undefined : splitIdentifier(input.FunctionName) ?? { name: input.FunctionName };
  const wanted = (config: EventSourceMappingConfiguration): boolean => {
    if (input.EventSourceArn !== undefined && config.EventSourceArn !== input.EventSourceArn) return false;
    if (fn === undefined) return true;
    const qualifier = config.FunctionArn?.split(':')[7];
    return qualifier === fn.qualifier;
  };
  const shown: EventSourceMappingConfiguration[] = [];
  let after = input.Marker;
  let more = false;
  for (;;) {
    const page = await deps.store.list<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND, caller, {
      ...(fn ? { parent: fn.name } : {}), ...(after ? { after } : {}), limit: LIST_LIMIT,
    });
    for (const item of page) {
      if (!wanted(item.doc.config)) continue;
      if (shown.length === limit) { more = true; break; }
      shown.push(item.doc.config);
    }
    if (more || page.length < LIST_LIMIT) break;
    after = page[page.length - 1]!.key;
  }
  return {
    EventSourceMappings: shown,
    ...(more ? { NextMarker: shown[shown.length - 1]!.UUID! } : {}),
  };
}
