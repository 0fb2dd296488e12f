/** PublishVersion, ListVersionsByFunction (deleting a version is DeleteFunction with a Qualifier). */
import type { HandlerTable, ResourceFamily } from './types.js';
import type { StoreDep } from '../../control/deps.js';
import { listVersionsByFunction, publishVersion } from '../../control/versions/service.js';
import { VERSION_KIND } from '../../control/functions/records.js';

/** What this family is built from. */
type Deps = StoreDep;

const handlers = (deps: Deps): HandlerTable => ({
  async PublishVersion(ctx, input) {
    return publishVersion(deps, ctx.scope, input);
  },

  async ListVersionsByFunction(ctx, input) {
    return listVersionsByFunction(deps, ctx.scope, input);
  },
});

export const versionsFamily: ResourceFamily<Deps> = {
  handlers,
  kinds: [VERSION_KIND],
  dependants: { ofFunction: (scope, name) => [{ op: 'deleteChildren', kind: VERSION_KIND, scope, parent: name }] },
};
