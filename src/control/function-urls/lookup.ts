/** Finding a URL config by its id, in any account of the region its host names. */
import type { StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { FUNCTION_URL_KIND, type FunctionUrlDoc } from './records.js';

export async function findByUrlId(deps: StoreDep, region: string, urlId: string): Promise<{ scope: Scope; doc: FunctionUrlDoc } | undefined> {
  const wanted = urlId.toLowerCase();
  const all = await deps.store.listAll<FunctionUrlDoc>(FUNCTION_URL_KIND);
  const found = all.find((d) => d.scope.region === region && d.doc.urlId === wanted);
  return found ? { scope: found.scope, doc: found.doc } : undefined;
}
