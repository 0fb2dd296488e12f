/**
 * Publishing: a version is an immutable snapshot of $LATEST under the next number. Numbers are never
 * reused, and publishing an unchanged $LATEST returns the last version instead of a new one.
 */
import type { FunctionConfiguration } from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope, WriteOp } from '../../store/types.js';
import { StoreConflict } from '../../store/types.js';
import { functionArn } from '../arn.js';
import {
  VERSION_KIND, lastModified, newRevisionId, versionKey, type FunctionDoc, type VersionDoc,
} from '../functions/records.js';
import { ordered } from '../functions/settings.js';
import { fingerprint, getVersion, unsettled, type PublishedVersionDoc } from './records.js';

export interface PublishPlan {
  /** The function document to write with the batch (next number advanced when a version is created). */
  doc: FunctionDoc;
  /** Writes that create the version; empty when the last version already matches $LATEST. */
  ops: WriteOp[];
  version: PublishedVersionDoc;
  created: boolean;
}

/** The configuration of version `n` published from `latest`. */
function versionConfig(scope: Scope, doc: FunctionDoc, latest: VersionDoc, n: number, description: string | undefined): FunctionConfiguration {
  const config: FunctionConfiguration = {
    ...latest.config,
    FunctionArn: functionArn({ ...scope, name: doc.name }, String(n)),
    Version: String(n),
    LastModified: lastModified(),
    RevisionId: newRevisionId(),
  };
  if (description !== undefined) config.Description = description;
  delete config.LastUpdateStatusReason;
  delete config.LastUpdateStatusReasonCode;
  if (unsettled(latest.config)) {
    // Published along with a create or update: the version comes up with the code, as AWS shows it.
    delete config.LastUpdateStatus;
    Object.assign(config, { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' });
  } else {
    delete config.StateReason;
    delete config.StateReasonCode;
    Object.assign(config, { State: 'Active', LastUpdateStatus: 'Successful' });
  }
  return ordered(config);
}

/** Plans publishing `latest` of `doc`; the caller commits `ops` together with its put of `plan.doc`. */
export async function planPublish(deps: StoreDep, scope: Scope, doc: FunctionDoc, latest: VersionDoc, description?: string): Promise<PublishPlan> {
  const source = fingerprint(latest);
  if (doc.nextVersion > 1) {
    const previous = await getVersion(deps, scope, doc.name, doc.nextVersion - 1);
    if (previous && previous.doc.source === source) return { doc, ops: [], version: previous.doc, created: false };
  }
  const n = doc.nextVersion;
  const version: PublishedVersionDoc = {
    ...latest, config: versionConfig(scope, doc, latest, n, description), source,
  };
  const ops: WriteOp[] = [{ op: 'put', kind: VERSION_KIND, scope, key: versionKey(doc.name, n), parent: doc.name, doc: version, ifAbsent: true }];
  return { doc: { ...doc, nextVersion: n + 1 }, ops, version, created: true };
}

/** A version published with a create or update turns Active once the code is in place; its RevisionId stays. */
export function settleVersionSoon(deps: StoreDep, scope: Scope, plan: PublishPlan): void {
  if (!plan.created || !unsettled(plan.version.config)) return;
  const { name } = plan.doc;
  const version = plan.version.config.Version!;
  setImmediate(async () => {
    const stored = await getVersion(deps, scope, name, version);
    if (!stored || !unsettled(stored.doc.config)) return;
    const { StateReason: _sr, StateReasonCode: _src, ...rest } = stored.doc.config;
    const doc: PublishedVersionDoc = { ...stored.doc, config: ordered({ ...rest, State: 'Active', LastUpdateStatus: 'Successful' }) };
    try {
      await deps.store.commit([{ op: 'put', kind: VERSION_KIND, scope, key: versionKey(name, version), parent: name, doc, ifSeq: stored.seq }]);
    } catch (err) {
      if (!(err instanceof StoreConflict)) throw err;
    }
  });
}
