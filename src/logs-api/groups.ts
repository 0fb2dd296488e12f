/**
 * Log groups as CloudWatch Logs shows them. A group exists when it was created (CreateLogGroup, kept
 * as a document with its retention) or when something wrote a stream into it (a function's logs): a
 * group known only from its streams has the server's default retention until a policy is put on it.
 */
import type { MetadataStore, Scope } from '../store/types.js';
import type { LogStore } from '../engine/logs/store.js';

export const LOG_GROUP_KIND = 'log-group';

/** A group's stored settings; absent `retentionInDays` means never expire. */
export interface LogGroupDoc {
  logGroupName: string;
  creationTime: number;
  retentionInDays?: number;
}

export interface LogGroupView extends LogGroupDoc {
  storedBytes: number;
}

/** What the Logs API is built from: the metadata store, the engine's log store and the default retention. */
export interface LogsApiDeps {
  store: MetadataStore;
  logs: LogStore;
  defaultRetentionDays: number | undefined;
  now: () => number;
}

export async function listGroups(deps: LogsApiDeps, scope: Scope): Promise<LogGroupView[]> {
  const [docs, written] = await Promise.all([
    deps.store.list<LogGroupDoc>(LOG_GROUP_KIND, scope),
    deps.logs.listGroups(scope.accountId, scope.region),
  ]);
  const byName = new Map<string, LogGroupView>();
  for (const w of written) {
    byName.set(w.logGroupName, {
      logGroupName: w.logGroupName, creationTime: w.creationTime, storedBytes: w.storedBytes,
      ...(deps.defaultRetentionDays !== undefined ? { retentionInDays: deps.defaultRetentionDays } : {}),
    });
  }
  for (const { doc } of docs) byName.set(doc.logGroupName, { ...doc, storedBytes: byName.get(doc.logGroupName)?.storedBytes ?? 0 });
  // CloudWatch lists groups in name order (byte order: names are ASCII).
  return [...byName.values()].sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : a.logGroupName > b.logGroupName ? 1 : 0));
}

export async function findGroup(deps: LogsApiDeps, scope: Scope, name: string): Promise<LogGroupView | undefined> {
  const stored = await deps.store.get<LogGroupDoc>(LOG_GROUP_KIND, scope, name);
  if (stored) {
    const written = (await deps.logs.listGroups(scope.accountId, scope.region)).find((g) => g.logGroupName === name);
    return { ...stored.doc, storedBytes: written?.storedBytes ?? 0 };
  }
  return (await listGroups(deps, scope)).find((g) => g.logGroupName === name);
}

/** The oldest timestamp a group still keeps, or undefined when it keeps everything. */
export function retentionCutoff(group: Pick<LogGroupDoc, 'retentionInDays'>, now: number): number | undefined {
  return group.retentionInDays === undefined ? undefined : now - group.retentionInDays * 86_400_000;
}

export function logGroupArn(scope: Scope, name: string): string {
  return `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:${name}`;
}

/**
 * A logGroupIdentifier is a name or a group's ARN (with or without the trailing `:*`). An ARN of another
 * account or region names a group this caller cannot see.
 */
export function groupNameOf(scope: Scope, identifier: string): string | undefined {
  if (!identifier.startsWith('arn:')) return identifier;
  const m = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)(?::\*)?$/.exec(identifier);
  if (!m || m[1] !== scope.region || m[2] !== scope.accountId) return undefined;
  return m[3];
}
