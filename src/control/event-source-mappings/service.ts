/**
 * Create/Get/Update/Delete of event source mappings. The API writes the mapping's settings and a
 * transitional State; the source manager starts or stops its poller and completes the transition
 * (Creating → Enabled, Disabling → Disabled, a Deleting mapping removed once its poller stopped).
 * Checks run in AWS's order: the request's settings, then the function, the source, duplicates.
 */
import { randomUUID } from 'node:crypto';
import type {
  CreateEventSourceMappingRequest, EventSourceMappingConfiguration, UpdateEventSourceMappingRequest,
} from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope, StoredDoc } from '../../store/types.js';
import { StoreConflict } from '../../store/types.js';
import { ResourceInUseException, ResourceNotFoundException } from '../../errors/catalogue.js';
import { partitionOf } from '../arn.js';
import { updateInProgressOn, WRITE_ATTEMPTS } from '../write-attempts.js';
import { EVENT_SOURCE_MAPPING_KIND, type EventSourceMappingDoc } from './records.js';
import { kindOfArn, kindOfRequest, type SourceKind } from './kinds.js';
import { batchLimits, initialTransitionReason, kindDefaults, withKindShape } from './defaults.js';
import { withCreateSettings, withUpdateSettings } from './settings.js';
import { checkCreateRequest, checkSettings } from './validate.js';
import { loadMappingTarget } from './target.js';
import { checkSourceExists } from './source-check.js';
import { refuseDuplicate } from './duplicates.js';

export { listEventSourceMappings } from './list.js';

export const mappingNotFound = () => new ResourceNotFoundException('The resource you requested does not exist.');

export function eventSourceMappingArn(scope: Scope, uuid: string): string {
  return `arn:${partitionOf(scope.region)}:lambda:${scope.region}:${scope.accountId}:event-source-mapping:${uuid}`;
}

/** LastModified as the model's timestamp: epoch seconds, to the millisecond. */
const now = () => Date.now() / 1000;

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
  const uuid = randomUUID();
  const limits = batchLimits(kind, (input.EventSourceArn ?? '').endsWith('.fifo'));
  const draft: EventSourceMappingConfiguration = {
    UUID: uuid, BatchSize: limits.defaultSize, ...withKindShape(kind, withCreateSettings(kindDefaults(kind), input)),
  };
  checkSettings(kind, draft);
  const target = await loadMappingTarget(deps, caller, input.FunctionName, 'CreateEventSourceMapping');
  await checkSourceExists(kind, input.EventSourceArn!, target.scope.region, target.timeoutSeconds);
  const config: EventSourceMappingConfiguration = {
    ...draft,
    FunctionArn: target.functionArn,
    LastModified: now(),
    State: input.Enabled === false ? 'Disabled' : 'Creating',
    StateTransitionReason: initialTransitionReason(kind),
    EventSourceMappingArn: eventSourceMappingArn(target.scope, uuid),
  };
  await refuseDuplicate(deps, target.scope, kind, config, target.ref.name);
  const doc: EventSourceMappingDoc = {
    uuid, functionName: target.ref.name, config, generation: 1,
    ...(input.Tags && Object.keys(input.Tags).length > 0 ? { tags: { ...input.Tags } } : {}),
  };
  const [seq] = await deps.store.commit([{
    op: 'put', kind: EVENT_SOURCE_MAPPING_KIND, scope: target.scope, key: uuid, parent: target.ref.name, doc, ifAbsent: true,
  }]) as [number];
  await dropIfFunctionWent(deps, caller, input.FunctionName, target.scope, uuid, seq);
  return config;
}

/**
 * A function delete that committed between our read and our write found no mapping to take with it:
 * take it back out, so no mapping outlives its function.
 */
async function dropIfFunctionWent(deps: StoreDep, caller: Scope, functionName: string, scope: Scope, uuid: string, seq: number): Promise<void> {
  try {
    await loadMappingTarget(deps, caller, functionName, 'CreateEventSourceMapping');
  } catch (err) {
    try {
      await deps.store.commit([{ op: 'delete', kind: EVENT_SOURCE_MAPPING_KIND, scope, key: uuid, ifSeq: seq }]);
    } catch (conflict) {
      if (!(conflict instanceof StoreConflict)) throw conflict;
    }
    throw err;
  }
}

export async function getEventSourceMapping(deps: StoreDep, caller: Scope, uuid: string): Promise<EventSourceMappingConfiguration> {
  return (await loadMapping(deps, caller, uuid)).doc.config;
}

function kindOf(config: EventSourceMappingConfiguration): SourceKind {
  return kindOfArn(config.EventSourceArn ?? '') ?? 'sqs';
}

/** The State an Update leaves: a switch on or off, an Updating mapping that polls, a disabled one that stays so. */
function stateAfterUpdate(current: string | undefined, enabled: boolean | undefined): string {
  const on = isOn(current);
  if (enabled === true && !on) return 'Enabling';
  if (enabled === false && on) return 'Disabling';
  return on ? 'Updating' : 'Disabled';
}

function beingDeleted(uuid: string): ResourceInUseException {
  return new ResourceInUseException(`Cannot update the event source mapping ${uuid}: it is being deleted.`);
}

export async function updateEventSourceMapping(
  deps: StoreDep, caller: Scope, input: UpdateEventSourceMappingRequest,
): Promise<EventSourceMappingConfiguration> {
  for (let attempt = 1; ; attempt++) {
    const stored = await loadMapping(deps, caller, input.UUID);
    const current = stored.doc;
    if (current.config.State === 'Deleting') throw beingDeleted(input.UUID);
    const kind = kindOf(current.config);
    const settings = withKindShape(kind, withUpdateSettings(current.config, input));
    checkSettings(kind, settings);
    const target = input.FunctionName === undefined
      ? undefined
      : await loadMappingTarget(deps, caller, input.FunctionName, 'UpdateEventSourceMapping');
    const config: EventSourceMappingConfiguration = {
      ...settings,
      ...(target ? { FunctionArn: target.functionArn } : {}),
      LastModified: now(),
      State: stateAfterUpdate(current.config.State, input.Enabled),
    };
    if (target && target.functionArn !== current.config.FunctionArn) {
      await refuseDuplicate(deps, caller, kind, config, target.ref.name);
    }
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
    if (stored.doc.config.State === 'Deleting') return stored.doc.config;
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
