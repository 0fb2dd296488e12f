/** DeleteFunction with a version qualifier: one published version goes, the function stays. */
import type { DependantsDep, EventsDep, StoreDep } from '../deps.js';
import { StoreConflict } from '../../store/types.js';
import { InvalidParameterValueException, ResourceConflictException } from '../../errors/catalogue.js';
import type { LoadedFunction } from '../functions/service.js';
import { VERSION_KIND } from '../functions/records.js';
import { aliasesReferencing } from '../aliases/records.js';
import { getVersion, isVersionNumber } from './records.js';

/** AWS refuses alias names here, before it even looks the function up. */
export function checkDeletableQualifier(qualifier: string): void {
  if (qualifier === '$LATEST') {
    throw new InvalidParameterValueException('$LATEST version cannot be deleted without deleting the function.');
  }
  if (!isVersionNumber(qualifier)) {
    throw new InvalidParameterValueException('Deletion of aliases is not currently supported.');
  }
}

/**
 * Missing versions delete silently (AWS answers 204); a version an alias routes to is refused. The
 * version's policy, configs and settings (whatever each family keeps for it) go in the same batch.
 */
export async function deleteVersion(deps: StoreDep & EventsDep & DependantsDep, loaded: LoadedFunction, qualifier: string): Promise<void> {
  checkDeletableQualifier(qualifier);
  const stored = await getVersion(deps, loaded.scope, loaded.ref.name, qualifier);
  if (!stored || stored.doc.config.Version !== qualifier) return;
  const aliases = await aliasesReferencing(deps, loaded.scope, loaded.ref.name, qualifier);
  if (aliases.length) {
    throw new ResourceConflictException(`Unable to delete version because the following aliases reference it: [${aliases.join(', ')}]`);
  }
  try {
    await deps.store.commit([
      { op: 'delete', kind: VERSION_KIND, scope: loaded.scope, key: stored.key, ifSeq: stored.seq },
      ...deps.dependants.ofVersion(loaded.scope, loaded.ref.name, qualifier),
    ]);
  } catch (err) {
    if (!(err instanceof StoreConflict)) throw err;
  }
  deps.events.emit('function-changed', { ...loaded.scope, name: loaded.ref.name });
}
