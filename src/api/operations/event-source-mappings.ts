/** Create/Get/Update/Delete/ListEventSourceMapping(s): queues and streams that invoke a function. */
import type { HandlerTable, ResourceFamily } from './types.js';
import type { StoreDep } from '../../control/deps.js';
import {
  createEventSourceMapping, deleteEventSourceMapping, getEventSourceMapping, listEventSourceMappings, updateEventSourceMapping,
} from '../../control/event-source-mappings/service.js';
import { EVENT_SOURCE_MAPPING_KIND, SOURCE_CHECKPOINT_KIND } from '../../control/event-source-mappings/records.js';

/** What this family is built from. */
type Deps = StoreDep;

const handlers = (deps: Deps): HandlerTable => ({
  async CreateEventSourceMapping(ctx, input) {
    return createEventSourceMapping(deps, ctx.scope, input);
  },

  async GetEventSourceMapping(ctx, input) {
    return getEventSourceMapping(deps, ctx.scope, input.UUID);
  },

  async UpdateEventSourceMapping(ctx, input) {
    return updateEventSourceMapping(deps, ctx.scope, input);
  },

  async DeleteEventSourceMapping(ctx, input) {
    return deleteEventSourceMapping(deps, ctx.scope, input.UUID);
  },

  async ListEventSourceMappings(ctx, input) {
    return listEventSourceMappings(deps, ctx.scope, input);
  },
});

export const eventSourceMappingsFamily: ResourceFamily<Deps> = {
  handlers,
  kinds: [EVENT_SOURCE_MAPPING_KIND, SOURCE_CHECKPOINT_KIND],
  // Mappings go with their function; the manager stops their pollers and drops their checkpoints.
  dependants: {
    ofFunction: (scope, name) => [{ op: 'deleteChildren', kind: EVENT_SOURCE_MAPPING_KIND, scope, parent: name }],
  },
};
