/**
 * The `Layers` setting of CreateFunction and UpdateFunctionConfiguration: AWS's checks on the list, and
 * what the function keeps — `Layers: [{Arn, CodeSize}]` in its configuration and each layer's blob key,
 * in order, so an invocation mounts them without reading any layer.
 */
import type { FunctionConfiguration } from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { MetadataStore, Scope } from '../../store/types.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import { MAX_UNZIPPED_BYTES } from '../../code/zip.js';
import {
  LAYER_VERSION_KIND, layerArn, layerVersionArn, layerVersionKey, parseLayerVersionArn, type LayerVersionDoc,
} from './records.js';
import { assertLayerAccess, findLayerVersion } from './service.js';

const LAYER_LIMIT = 5;

export interface FunctionLayers {
  layers: NonNullable<FunctionConfiguration['Layers']>;
  layerKeys: string[];
}

export async function resolveFunctionLayers(deps: StoreDep, caller: Scope, arns: string[]): Promise<FunctionLayers> {
  if (arns.length > LAYER_LIMIT) throw new InvalidParameterValueException(`Cannot reference more than ${LAYER_LIMIT} layers.`);
  const refs = arns.map((arn) => ({ arn, ref: parseLayerVersionArn(arn) }));
  if (refs.some(({ ref }) => ref && ref.region !== caller.region)) {
    throw new InvalidParameterValueException(
      `Layers are not in the same region as the function. Layers are expected to be in region ${caller.region}.`);
  }
  const seen = new Map<string, string>();
  for (const { arn, ref } of refs) {
    if (!ref) continue;
    const first = seen.get(layerArn(ref));
    if (first !== undefined) {
      throw new InvalidParameterValueException(
        `Two different versions of the same layer are not allowed to be referenced in the same function. ${first} and ${arn} are versions of the same layer.`);
    }
    seen.set(layerArn(ref), arn);
  }
  const result: FunctionLayers = { layers: [], layerKeys: [] };
  for (const { arn, ref } of refs) {
    if (ref) await assertLayerAccess(deps, caller, ref, ref.version, 'GetLayerVersion');
    const stored = ref && await findLayerVersion(deps, ref, ref.version);
    if (!ref || !stored) throw new InvalidParameterValueException(`Layer version ${arn} does not exist.`);
    result.layers.push({ Arn: layerVersionArn(ref, ref.version), CodeSize: stored.doc.codeSize });
    result.layerKeys.push(stored.doc.codeKey);
  }
  return result;
}

/**
 * Applies a request's `Layers` to a configuration; returns the layer blob keys the version keeps
 * (the current ones when the request leaves layers alone). An empty list removes every layer.
 */
export async function applyLayers(
  deps: StoreDep, caller: Scope, config: FunctionConfiguration, requested: string[] | undefined, current: string[] | undefined,
): Promise<string[] | undefined> {
  if (requested === undefined) return current;
  const { layers, layerKeys } = await resolveFunctionLayers(deps, caller, requested);
  if (layers.length) config.Layers = layers;
  else delete config.Layers;
  return layerKeys.length ? layerKeys : undefined;
}

/**
 * AWS's cap on what a function unpacks: its code and all its layers together, unzipped, within the
 * 250 MB a single package may inflate to.
 */
export async function checkUnzippedWithLayers(store: MetadataStore, config: FunctionConfiguration, codeBytes: number | undefined): Promise<void> {
  if (!config.Layers?.length) return;
  let total = codeBytes ?? 0;
  for (const { Arn } of config.Layers) {
    const ref = Arn ? parseLayerVersionArn(Arn) : undefined;
    if (!ref) continue;
    const scope: Scope = { accountId: ref.accountId, region: ref.region };
    const stored = await store.get<LayerVersionDoc>(LAYER_VERSION_KIND, scope, layerVersionKey(ref.name, ref.version));
    total += stored?.doc.unzippedSize ?? 0;
  }
  if (total > MAX_UNZIPPED_BYTES) {
    throw new InvalidParameterValueException(
      `Function code combined with layers exceeds the maximum allowed size of ${MAX_UNZIPPED_BYTES} bytes. The actual size is ${total} bytes.`);
  }
}
