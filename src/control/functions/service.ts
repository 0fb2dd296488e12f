/** Function lifecycle: create, read, update, delete, list — the rules AWS applies, over the store. */
import type {
  CreateFunctionRequest, FunctionConfiguration, UpdateFunctionCodeRequest, UpdateFunctionConfigurationRequest,
} from '../../model/types.generated.js';
import type { BlobsDep, CodeCacheDep, ConfigDep, DependantsDep, EventsDep, RuntimePrepDep, StoreDep } from '../deps.js';
import type { Scope } from '../../store/types.js';
import { StoreConflict } from '../../store/types.js';
import {
  InvalidParameterValueException, PreconditionFailedException, ResourceConflictException,
} from '../../errors/catalogue.js';
import { functionArn, functionNotFound, parseFunctionRef, type FunctionRef } from '../arn.js';
import { assertAllowed } from '../access.js';
import { applyLayers, checkUnzippedWithLayers } from '../layers/function-layers.js';
import { planPublish, settleVersionSoon } from '../versions/publish.js';
import { checkDeletableQualifier, deleteVersion } from '../versions/delete.js';
import { resolveQualifier, type QualifiedTarget } from '../aliases/resolve.js';
import { storePackage, type CodeInput } from './code-source.js';
import { applySettings, checkEnvironment, checkRuntime, defaultConfiguration, ordered } from './settings.js';
import { checkDurableRuntime, durableConfigOnCreate, durableConfigOnUpdate } from './durable-config.js';
import { snapshotOf } from '../invoke/snapshot.js';
import {
  FUNCTION_KIND, lastModified, newRevisionId, settled, updating, type FunctionDoc, type VersionDoc,
} from './records.js';
import { updateInProgressOn } from '../write-attempts.js';

export interface LoadedFunction {
  ref: FunctionRef; scope: Scope; doc: FunctionDoc; seq: number;
  /** What the qualifier names ($LATEST, a published version, an alias), when it exists. */
  qualified?: QualifiedTarget;
}

const NAME_LIMIT = 64;

/** What AWS answers a write that lost a race with another write of the same function. */
export function updateInProgress(ref: FunctionRef): ResourceConflictException {
  return updateInProgressOn(functionArn(ref));
}

/** Parses an identifier, checks the caller may use it, and loads the function (404 when missing). */
export async function loadFunction(deps: StoreDep, caller: Scope, identifier: string, action: string, qualifier?: string): Promise<LoadedFunction> {
  const ref = parseFunctionRef(identifier, caller, qualifier);
  const scope: Scope = { accountId: ref.accountId, region: ref.region };
  await assertAllowed(caller.accountId, ref.accountId, action, functionArn(ref, ref.qualifier), deps);
  const stored = await deps.store.get<FunctionDoc>(FUNCTION_KIND, scope, ref.name);
  if (!stored) throw functionNotFound(ref);
  const qualified = ref.qualifier === undefined ? undefined : await resolveQualifier(deps, scope, stored.doc, ref.qualifier);
  return { ref, scope, doc: stored.doc, seq: stored.seq, ...(qualified ? { qualified } : {}) };
}

async function storeCode(deps: BlobsDep & ConfigDep, region: string, input: CodeInput & { ImageUri?: string | undefined }) {
  if (input.ImageUri !== undefined) {
    throw new InvalidParameterValueException('Lambkin runs .zip deployment packages only; container images (ImageUri) are not supported.');
  }
  return storePackage(deps, input, region);
}

/** Flips a just-written function to Active/Successful, as AWS does once the code is in place. */
function settleSoon(deps: StoreDep, scope: Scope, name: string, revisionId: string): void {
  setImmediate(async () => {
    const stored = await deps.store.get<FunctionDoc>(FUNCTION_KIND, scope, name);
    if (!stored || stored.doc.latest.config.RevisionId !== revisionId) return;
    const doc: FunctionDoc = { ...stored.doc, latest: { ...stored.doc.latest, config: ordered(settled(stored.doc.latest.config)) } };
    try {
      await deps.store.commit([{ op: 'put', kind: FUNCTION_KIND, scope, key: name, doc, ifSeq: stored.seq }]);
    } catch (err) {
      if (!(err instanceof StoreConflict)) throw err;
    }
  });
}

export async function createFunction(deps: StoreDep & BlobsDep & ConfigDep & Partial<CodeCacheDep & RuntimePrepDep>, caller: Scope, input: CreateFunctionRequest): Promise<FunctionConfiguration> {
  const ref = parseFunctionRef(input.FunctionName, caller);
  // Another account's ARN is refused like any cross-account call AWS has no policy for.
  await assertAllowed(caller.accountId, ref.accountId, 'CreateFunction', functionArn(ref));
  if (ref.qualifier !== undefined) {
    throw new InvalidParameterValueException('Unsupported function name format. Please specify a function name or an unqualified function ARN.');
  }
  if (ref.name.length > NAME_LIMIT) {
    throw new InvalidParameterValueException(`1 validation error detected: Value '${ref.name}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to ${NAME_LIMIT}`);
  }
  checkRuntime(input.Runtime);
  if ((input.PackageType ?? 'Zip') === 'Zip' && (!input.Runtime || (!input.Handler && !input.Runtime.startsWith('provided')))) {
    throw new InvalidParameterValueException('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  }
  checkEnvironment(input.Environment?.Variables);
  const durableConfig = input.DurableConfig ? durableConfigOnCreate(input.DurableConfig) : undefined;
  checkDurableRuntime({ Runtime: input.Runtime, DurableConfig: durableConfig });
  const scope: Scope = { accountId: ref.accountId, region: ref.region };
  if (await deps.store.get(FUNCTION_KIND, scope, ref.name)) throw new ResourceConflictException(`Function already exist: ${ref.name}`);
  const { summary, codeKey } = await storeCode(deps, ref.region, input.Code);
  const config = applySettings(defaultConfiguration(ref.name), input, ref.region, ref.name);
  if (durableConfig) config.DurableConfig = durableConfig;
  const layerKeys = await applyLayers(deps, caller, config, input.Layers, undefined);
  await checkUnzippedWithLayers(deps.store, config, summary.unzippedSize);
  Object.assign(config, {
    FunctionName: ref.name, FunctionArn: functionArn(ref), CodeSize: summary.codeSize, CodeSha256: summary.codeSha256,
    Version: '$LATEST', LastModified: lastModified(), RevisionId: newRevisionId(),
    State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating',
  } satisfies FunctionConfiguration);
  const created: FunctionDoc = { name: ref.name, latest: { config: ordered(config), codeKey, unzippedSize: summary.unzippedSize, ...(layerKeys ? { layerKeys } : {}) }, tags: input.Tags ?? {}, nextVersion: 1 };
  const plan = input.Publish ? await planPublish(deps, scope, created, created.latest) : undefined;
  const doc = plan?.doc ?? created;
  try {
    await deps.store.commit([{ op: 'put', kind: FUNCTION_KIND, scope, key: ref.name, doc, ifAbsent: true }, ...(plan?.ops ?? [])]);
  } catch (err) {
    if (err instanceof StoreConflict) throw new ResourceConflictException(`Function already exist: ${ref.name}`);
    throw err;
  }
  settleSoon(deps, scope, ref.name, config.RevisionId!);
  if (plan) settleVersionSoon(deps, scope, plan);
  // Unpacked now, off the request, rather than on the first invoke, where it would add to the cold start.
  deps.code?.ensure(codeKey).catch(() => {});
  deps.engine?.prepareRuntime(config.Runtime);
  prepareLatest(deps, scope, doc.latest);
  // With Publish, AWS answers with $LATEST's configuration carrying the new version number.
  return plan ? { ...doc.latest.config, Version: plan.version.config.Version! } : doc.latest.config;
}

function checkRevision(config: FunctionConfiguration, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== config.RevisionId) {
    throw new PreconditionFailedException('The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
  }
}

function onlyUnqualified(ref: FunctionRef): void {
  if (ref.qualifier !== undefined) {
    throw new InvalidParameterValueException('This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.');
  }
}

/**
 * The new $LATEST's environment template is built now, once its code is unpacked, rather than by the
 * first invoke, where it would add to the cold start. After the change is announced: the announcement
 * retires what was prepared for the function before.
 */
function prepareLatest(deps: Partial<CodeCacheDep & RuntimePrepDep>, scope: Scope, latest: VersionDoc): void {
  const { code, engine } = deps;
  if (!code || !engine) return;
  snapshotOf({ code }, scope, latest).then((fn) => engine.prepareVersion(fn), () => {});
}

/**
 * Writes a new $LATEST, retrying nothing: a concurrent writer gets AWS's in-progress conflict. With
 * `publish`, the new $LATEST is published in the same batch and the answer is that version.
 */
async function writeLatest(deps: StoreDep & EventsDep & Partial<CodeCacheDep & RuntimePrepDep>, loaded: LoadedFunction, latest: VersionDoc, publish?: boolean): Promise<FunctionConfiguration> {
  const updated: FunctionDoc = { ...loaded.doc, latest: { ...latest, config: ordered(latest.config) } };
  const plan = publish ? await planPublish(deps, loaded.scope, updated, updated.latest) : undefined;
  const doc = plan?.doc ?? updated;
  try {
    await deps.store.commit([
      { op: 'put', kind: FUNCTION_KIND, scope: loaded.scope, key: loaded.ref.name, doc, ifSeq: loaded.seq }, ...(plan?.ops ?? []),
    ]);
  } catch (err) {
    if (!(err instanceof StoreConflict)) throw err;
    throw updateInProgress(loaded.ref);
  }
  deps.events.emit('function-changed', { ...loaded.scope, name: loaded.ref.name });
  prepareLatest(deps, loaded.scope, doc.latest);
  settleSoon(deps, loaded.scope, loaded.ref.name, doc.latest.config.RevisionId!);
  if (plan) settleVersionSoon(deps, loaded.scope, plan);
  return plan ? plan.version.config : doc.latest.config;
}

export async function updateFunctionCode(deps: StoreDep & EventsDep & BlobsDep & ConfigDep & Partial<CodeCacheDep & RuntimePrepDep>, caller: Scope, input: UpdateFunctionCodeRequest): Promise<FunctionConfiguration> {
  const loaded = await loadFunction(deps, caller, input.FunctionName, 'UpdateFunctionCode');
  onlyUnqualified(loaded.ref);
  checkRevision(loaded.doc.latest.config, input.RevisionId);
  if (input.ImageUri !== undefined && loaded.doc.latest.config.PackageType === 'Zip') {
    throw new InvalidParameterValueException("Please don't provide ImageUri when updating a function with packageType Zip.");
  }
  const { summary, codeKey } = await storeCode(deps, loaded.ref.region, input);
  const config = updating({ ...loaded.doc.latest.config, CodeSize: summary.codeSize, CodeSha256: summary.codeSha256 });
  if (input.Architectures) config.Architectures = input.Architectures;
  await checkUnzippedWithLayers(deps.store, config, summary.unzippedSize);
  const layerKeys = loaded.doc.latest.layerKeys;
  return writeLatest(deps, loaded, { ...(layerKeys ? { layerKeys } : {}), config, codeKey, unzippedSize: summary.unzippedSize }, input.Publish);
}

export async function updateFunctionConfiguration(
  deps: StoreDep & EventsDep & Partial<RuntimePrepDep>, caller: Scope, input: UpdateFunctionConfigurationRequest,
): Promise<FunctionConfiguration> {
  const loaded = await loadFunction(deps, caller, input.FunctionName, 'UpdateFunctionConfiguration');
  onlyUnqualified(loaded.ref);
  checkRevision(loaded.doc.latest.config, input.RevisionId);
  checkRuntime(input.Runtime);
  checkEnvironment(input.Environment?.Variables);
  const config = updating(applySettings(loaded.doc.latest.config, input, loaded.ref.region, loaded.ref.name));
  if (input.DurableConfig) config.DurableConfig = durableConfigOnUpdate(loaded.doc.latest.config.DurableConfig, input.DurableConfig);
  checkDurableRuntime(config);
  const { layerKeys: _current, ...latest } = loaded.doc.latest;
  const layerKeys = await applyLayers(deps, caller, config, input.Layers, _current);
  if (input.Layers !== undefined) await checkUnzippedWithLayers(deps.store, config, latest.unzippedSize);
  const written = await writeLatest(deps, loaded, { ...latest, config, ...(layerKeys ? { layerKeys } : {}) });
  if (input.Runtime !== undefined) deps.engine?.prepareRuntime(input.Runtime);
  return written;
}

/**
 * Without a qualifier the function goes with all its versions, aliases and what every family keeps for
 * it, in one batch; with a number, that version.
 */
export async function deleteFunction(deps: StoreDep & EventsDep & DependantsDep, caller: Scope, identifier: string, qualifier?: string): Promise<void> {
  // AWS refuses $LATEST and alias names before looking the function up, and names a missing function without its qualifier.
  const ref = parseFunctionRef(identifier, caller, qualifier);
  if (ref.qualifier !== undefined) checkDeletableQualifier(ref.qualifier);
  const loaded = await loadFunction(deps, caller, functionArn(ref), 'DeleteFunction');
  if (ref.qualifier !== undefined) return deleteVersion(deps, loaded, ref.qualifier);
  await deps.store.commit([
    { op: 'delete', kind: FUNCTION_KIND, scope: loaded.scope, key: loaded.ref.name },
    ...deps.dependants.ofFunction(loaded.scope, loaded.ref.name),
  ]);
  deps.events.emit('function-changed', { ...loaded.scope, name: loaded.ref.name, deleted: true });
}

/**
 * The version a qualifier names, as GetFunction* show it: an alias shows its primary version under the
 * alias's ARN. Invocations use `resolveInvokeTarget` (control/aliases/resolve.ts) for weighted routing.
 */
export function versionOf(loaded: LoadedFunction): VersionDoc {
  if (loaded.ref.qualifier === undefined) return loaded.doc.latest;
  const target = loaded.qualified;
  if (!target) throw functionNotFound(loaded.ref);
  if (!target.alias) return target.version;
  return { ...target.version, config: { ...target.version.config, FunctionArn: target.alias.AliasArn } };
}
