/** TagResource, UntagResource, ListTags (functions and event source mappings; other taggable resources join as they land). */
import type { HandlerTable, ResourceFamily } from './types.js';
import type { StoreDep } from '../../control/deps.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import { loadFunction, updateInProgress } from '../../control/functions/service.js';
import { FUNCTION_KIND, newRevisionId, type FunctionDoc } from '../../control/functions/records.js';
import { StoreConflict } from '../../store/types.js';
import type { Scope } from '../../store/types.js';
import { WRITE_ATTEMPTS } from '../../control/write-attempts.js';
import {
  eventSourceMappingTags, isEventSourceMappingArn, rewriteEventSourceMappingTags,
} from '../../control/event-source-mappings/tags.js';

const TAG_LIMIT = 50;
/** A tag change rereads and retries this often when another write of the function wins the race. */

async function taggedFunction(deps: StoreDep, scope: Scope, resource: string, action: string) {
  const loaded = await loadFunction(deps, scope, resource, action);
  if (loaded.ref.qualifier !== undefined) {
    throw new InvalidParameterValueException('Tags on function aliases and versions are not supported. Please specify a function ARN.');
  }
  return loaded;
}

function checkLimit(tags: Record<string, string>): void {
  if (Object.keys(tags).length > TAG_LIMIT) throw new InvalidParameterValueException('Number of tags exceeds resource tag limit.');
}

async function rewriteTags(deps: StoreDep, scope: Scope, resource: string, action: string, change: (tags: Record<string, string>) => void): Promise<void> {
  if (isEventSourceMappingArn(resource)) return rewriteEventSourceMappingTags(deps, scope, resource, change, checkLimit);
  for (let attempt = 1; ; attempt++) {
    const loaded = await taggedFunction(deps, scope, resource, action);
    const tags = { ...loaded.doc.tags };
    change(tags);
    checkLimit(tags);
    // AWS gives the function a new RevisionId with every tag change.
    const latest = { ...loaded.doc.latest, config: { ...loaded.doc.latest.config, RevisionId: newRevisionId() } };
    const doc: FunctionDoc = { ...loaded.doc, tags, latest };
    try {
      await deps.store.commit([{ op: 'put', kind: FUNCTION_KIND, scope: loaded.scope, key: loaded.ref.name, doc, ifSeq: loaded.seq }]);
      return;
    } catch (err) {
      if (!(err instanceof StoreConflict)) throw err;
      if (attempt >= WRITE_ATTEMPTS) throw updateInProgress(loaded.ref);
    }
  }
}

/** What this family is built from. */
type Deps = StoreDep;

const handlers = (deps: Deps): HandlerTable => ({
  async TagResource(ctx, input) {
    if (Object.keys(input.Tags).length === 0) throw new InvalidParameterValueException('An error occurred and the request cannot be processed.');
    await rewriteTags(deps, ctx.scope, input.Resource, 'TagResource', (tags) => Object.assign(tags, input.Tags));
  },

  async UntagResource(ctx, input) {
    await rewriteTags(deps, ctx.scope, input.Resource, 'UntagResource', (tags) => {
      for (const key of input.TagKeys) delete tags[key];
    });
  },

  async ListTags(ctx, input) {
    if (isEventSourceMappingArn(input.Resource)) return { Tags: await eventSourceMappingTags(deps, ctx.scope, input.Resource) };
    const loaded = await taggedFunction(deps, ctx.scope, input.Resource, 'ListTags');
    return { Tags: loaded.doc.tags };
  },
});

export const tagsFamily: ResourceFamily<Deps> = { handlers };
