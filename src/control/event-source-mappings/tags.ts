/**
 * Tags of an event source mapping, named by its ARN (`arn:…:lambda:<region>:<account>:event-source-mapping:<uuid>`).
 * A tag change leaves the poller alone: it touches neither the settings nor the generation.
 */
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { StoreConflict } from '../../store/types.js';
import { ResourceNotFoundException } from '../../errors/catalogue.js';
import { updateInProgressOn, WRITE_ATTEMPTS } from '../write-attempts.js';
import { EVENT_SOURCE_MAPPING_KIND, type EventSourceMappingDoc } from './records.js';

const MAPPING_ARN = /^arn:[^:]+:lambda:(?<region>[^:]+):(?<account>\d{12}):event-source-mapping:(?<uuid>[0-9a-fA-F-]{36})$/;

export function isEventSourceMappingArn(resource: string): boolean {
  return MAPPING_ARN.test(resource);
}

async function loadTagged(deps: StoreDep, caller: Scope, arn: string) {
  const parts = MAPPING_ARN.exec(arn)?.groups;
  const missing = () => new ResourceNotFoundException(`Event source mapping not found: ${arn}`);
  // Mappings are not shared across accounts, and an ARN names its own region.
  if (!parts || parts.account !== caller.accountId || parts.region !== caller.region) throw missing();
  const stored = await deps.store.get<EventSourceMappingDoc>(EVENT_SOURCE_MAPPING_KIND, caller, parts.uuid!);
  if (!stored || stored.doc.config.EventSourceMappingArn !== arn) throw missing();
  return stored;
}

export async function eventSourceMappingTags(deps: StoreDep, caller: Scope, arn: string): Promise<Record<string, string>> {
  return { ...(await loadTagged(deps, caller, arn)).doc.tags };
}

/** Applies `change` to the mapping's tags; `check` vets the result before it is written. */
export async function rewriteEventSourceMappingTags(
  deps: StoreDep, caller: Scope, arn: string, change: (tags: Record<string, string>) => void, check: (tags: Record<string, string>) => void,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const stored = await loadTagged(deps, caller, arn);
    const tags = { ...stored.doc.tags };
    change(tags);
    check(tags);
    const { tags: _old, ...rest } = stored.doc;
    const doc: EventSourceMappingDoc = { ...rest, ...(Object.keys(tags).length > 0 ? { tags } : {}) };
    try {
      await deps.store.commit([{
        op: 'put', kind: EVENT_SOURCE_MAPPING_KIND, scope: caller, key: stored.key, parent: doc.functionName, doc, ifSeq: stored.seq,
      }]);
      return;
    } catch (err) {
      if (!(err instanceof StoreConflict)) throw err;
      if (attempt >= WRITE_ATTEMPTS) throw updateInProgressOn(arn);
    }
  }
}
