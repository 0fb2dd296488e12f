/** Layer versions: publish, read, delete, list, and their resource policies. */
import type { HandlerTable, PolicyTable, ResourceFamily } from './types.js';
import type { BlobsDep, ConfigDep, LinksDep, StoreDep } from '../../control/deps.js';
import {
  RESOURCE_MISSING, deleteLayerVersion, layerVersionView, listLayerVersions, listLayers, loadLayerVersion,
  publishLayerVersion,
} from '../../control/layers/service.js';
import {
  addLayerVersionPermission, getLayerVersionPolicy, removeLayerVersionPermission,
} from '../../control/layers/permissions.js';
import { LAYER_KIND, LAYER_VERSION_KIND, layerArn, parseLayerVersionArn } from '../../control/layers/records.js';
import { ResourceNotFoundException, ValidationException } from '../../errors/catalogue.js';
import { SUPPORTED_RUNTIMES_DISPLAY } from '../../model/enum-display.js';

const ARCHITECTURES = ['x86_64', 'arm64'];

/**
 * PublishLayerVersion's compatibility lists, worded as AWS words them: the runtime list names the
 * enum directly, the architecture list as a member constraint.
 */
function checkCompatibility(runtimes: string[] | undefined, architectures: string[] | undefined): void {
  const errors: string[] = [];
  if (runtimes?.some((r) => !SUPPORTED_RUNTIMES_DISPLAY.includes(r))) {
    errors.push(`Value '[${runtimes.join(', ')}]' at 'compatibleRuntimes' failed to satisfy constraint: Member must satisfy enum value set: [${SUPPORTED_RUNTIMES_DISPLAY.join(', ')}]`);
  }
  if (architectures?.some((a) => !ARCHITECTURES.includes(a))) {
    errors.push(`Value '[${architectures.join(', ')}]' at 'compatibleArchitectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${ARCHITECTURES.join(', ')}], Member must not be null]`);
  }
  if (errors.length) {
    throw new ValidationException(`${errors.length} validation error${errors.length === 1 ? '' : 's'} detected: ${errors.join('; ')}`);
  }
}

/** What this family is built from. */
type Deps = StoreDep & LinksDep & BlobsDep & ConfigDep;

const handlers = (deps: Deps): HandlerTable => ({
  async PublishLayerVersion(ctx, input) {
    checkCompatibility(input.CompatibleRuntimes, input.CompatibleArchitectures);
    return publishLayerVersion(deps, ctx.scope, input);
  },

  async GetLayerVersion(ctx, input) {
    const loaded = await loadLayerVersion(deps, ctx.scope, input.LayerName, input.VersionNumber, 'GetLayerVersion', RESOURCE_MISSING);
    return layerVersionView(deps, loaded.ref, loaded.doc);
  },

  async GetLayerVersionByArn(ctx, input) {
    const parsed = parseLayerVersionArn(input.Arn);
    if (!parsed) throw new ResourceNotFoundException(RESOURCE_MISSING());
    const name = layerArn(parsed);
    const loaded = await loadLayerVersion(deps, ctx.scope, name, parsed.version, 'GetLayerVersion', RESOURCE_MISSING);
    return layerVersionView(deps, loaded.ref, loaded.doc);
  },

  async DeleteLayerVersion(ctx, input) {
    await deleteLayerVersion(deps, ctx.scope, input.LayerName, input.VersionNumber);
  },

  async ListLayers(ctx, input) {
    return listLayers(deps, ctx.scope, input);
  },

  async ListLayerVersions(ctx, input) {
    return listLayerVersions(deps, ctx.scope, input);
  },

  async AddLayerVersionPermission(ctx, input) {
    return addLayerVersionPermission(deps, ctx.scope, input);
  },

  async RemoveLayerVersionPermission(ctx, input) {
    await removeLayerVersionPermission(deps, ctx.scope, input);
  },

  async GetLayerVersionPolicy(ctx, input) {
    return getLayerVersionPolicy(deps, ctx.scope, input.LayerName, input.VersionNumber);
  },
});

const policies: PolicyTable = {
  // AWS words the compatibility list failures its own way (see checkCompatibility).
  PublishLayerVersion: { skipValidation: new Set(['compatibleRuntimes', 'compatibleArchitectures']) },
};

export const layersFamily: ResourceFamily<Deps> = { handlers, policies, kinds: [LAYER_KIND, LAYER_VERSION_KIND] };
