/** CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, UpdateFunction*, DeleteFunction. */
import type { FunctionConfiguration } from '../../model/types.generated.js';
import type { HandlerTable, PolicyTable, ResourceFamily } from './types.js';
import type { BlobsDep, CodeCacheDep, ConfigDep, DependantsDep, EventsDep, LinksDep, RuntimePrepDep, StoreDep } from '../../control/deps.js';
import {
  createFunction, deleteFunction, loadFunction, updateFunctionCode, updateFunctionConfiguration, versionOf,
} from '../../control/functions/service.js';
import { listFunctions } from '../../control/functions/listing.js';
import { reservedConcurrency } from '../../control/concurrency/reserved.js';
import { FUNCTION_KIND } from '../../control/functions/records.js';
import { withCurrentCode } from '../../code/hot-reload/folder.js';

/** GetFunction* name the version in the ARN when $LATEST was asked for explicitly. */
function shown(config: FunctionConfiguration, qualifier: string | undefined): FunctionConfiguration {
  return qualifier === '$LATEST' ? { ...config, FunctionArn: `${config.FunctionArn}:$LATEST` } : config;
}

/** What this family is built from. */
type Deps = StoreDep & BlobsDep & CodeCacheDep & ConfigDep & EventsDep & LinksDep & DependantsDep & RuntimePrepDep;

const handlers = (deps: Deps): HandlerTable => ({
  async CreateFunction(ctx, input) {
    return createFunction(deps, ctx.scope, input);
  },

  async GetFunction(ctx, input) {
    const loaded = await loadFunction(deps, ctx.scope, input.FunctionName, 'GetFunction', input.Qualifier);
    const version = versionOf(loaded);
    const config = await withCurrentCode(shown(version.config, loaded.ref.qualifier), version.codeKey);
    const tags = loaded.doc.tags;
    // A reservation belongs to the whole function, so every qualifier shows it.
    const reserved = await reservedConcurrency(deps, loaded.scope, loaded.ref.name);
    return {
      Configuration: config,
      Code: { RepositoryType: 'S3', Location: deps.links.url(version.codeKey) },
      ...(Object.keys(tags).length && loaded.ref.qualifier === undefined ? { Tags: tags } : {}),
      ...(reserved !== undefined ? { Concurrency: { ReservedConcurrentExecutions: reserved } } : {}),
    };
  },

  async GetFunctionConfiguration(ctx, input) {
    const loaded = await loadFunction(deps, ctx.scope, input.FunctionName, 'GetFunctionConfiguration', input.Qualifier);
    const version = versionOf(loaded);
    return shown(version.config, loaded.ref.qualifier);
  },

  async ListFunctions(ctx, input) {
    return listFunctions(deps, ctx.scope, input);
  },

  async UpdateFunctionCode(ctx, input) {
    return updateFunctionCode(deps, ctx.scope, input);
  },

  async UpdateFunctionConfiguration(ctx, input) {
    return updateFunctionConfiguration(deps, ctx.scope, input);
  },

  async DeleteFunction(ctx, input) {
    await deleteFunction(deps, ctx.scope, input.FunctionName, input.Qualifier);
    return { StatusCode: 204 };
  },
});

const policies: PolicyTable = {
  // AWS checks the runtime itself, with its own wording (see control/functions/settings.ts).
  CreateFunction: { skipValidation: new Set(['runtime']) },
  UpdateFunctionConfiguration: { skipValidation: new Set(['runtime']) },
};

export const functionsFamily: ResourceFamily<Deps> = { handlers, policies, kinds: [FUNCTION_KIND] };
