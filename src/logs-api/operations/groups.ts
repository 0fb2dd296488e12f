/** CreateLogGroup, DeleteLogGroup, DescribeLogGroups, PutRetentionPolicy, DeleteRetentionPolicy. */
import { StoreConflict, type Scope } from '../../store/types.js';
import { invalidParameter, logGroupExists, resourceNotFound } from '../errors.js';
import { findGroup, listGroups, LOG_GROUP_KIND, logGroupArn, retentionCutoff, type LogGroupDoc, type LogGroupView, type LogsApiDeps } from '../groups.js';
import { bool, int, LOG_GROUP_NAME, NEXT_TOKEN, str, strList } from '../input.js';
import { RETENTION_DAYS, isRetentionDays } from '../retention-values.js';
import { opaqueToken, parseOpaqueToken } from '../tokens.js';
import type { LogsHandlerTable } from './types.js';

const LOG_GROUP_CLASSES = ['STANDARD', 'INFREQUENT_ACCESS', 'DELIVERY'] as const;

function describe(scope: Scope, group: LogGroupView): Record<string, unknown> {
  const arn = logGroupArn(scope, group.logGroupName);
  return {
    logGroupName: group.logGroupName,
    creationTime: group.creationTime,
    ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: group.storedBytes,
    logGroupClass: 'STANDARD',
    logGroupArn: arn,
  };
}

/** Writes a group's settings: a group known only from its streams gets its document here. */
async function putSettings(deps: LogsApiDeps, scope: Scope, name: string, retentionInDays: number | undefined): Promise<LogGroupDoc> {
  const group = await findGroup(deps, scope, name);
  if (!group) throw resourceNotFound();
  const doc: LogGroupDoc = { logGroupName: name, creationTime: group.creationTime, ...(retentionInDays !== undefined ? { retentionInDays } : {}) };
  await deps.store.commit([{ op: 'put', kind: LOG_GROUP_KIND, scope, key: name, doc }]);
  return doc;
}

const isAfterToken = (v: Record<string, unknown>): v is { after: string } => typeof v.after === 'string';

export const groupHandlers: LogsHandlerTable = {
  async CreateLogGroup(deps, scope, body) {
    const name = str(body, 'logGroupName', { ...LOG_GROUP_NAME, required: true });
    str(body, 'kmsKeyId', { max: 256 });
    str(body, 'logGroupClass', { enum: LOG_GROUP_CLASSES });
    if (await findGroup(deps, scope, name)) throw logGroupExists();
    const doc: LogGroupDoc = {
      logGroupName: name, creationTime: deps.now(),
      ...(deps.defaultRetentionDays !== undefined ? { retentionInDays: deps.defaultRetentionDays } : {}),
    };
    try {
      await deps.store.commit([{ op: 'put', kind: LOG_GROUP_KIND, scope, key: name, doc, ifAbsent: true }]);
    } catch (err) {
      if (err instanceof StoreConflict) throw logGroupExists();
      throw err;
    }
    return {};
  },

  async DeleteLogGroup(deps, scope, body) {
    const name = str(body, 'logGroupName', { ...LOG_GROUP_NAME, required: true });
    if (!(await findGroup(deps, scope, name))) throw resourceNotFound();
    await deps.store.commit([{ op: 'delete', kind: LOG_GROUP_KIND, scope, key: name }]).catch((err: unknown) => {
      if (!(err instanceof StoreConflict)) throw err;
    });
    await deps.logs.deleteGroup(scope.accountId, scope.region, name);
    return {};
  },

  async DescribeLogGroups(deps, scope, body) {
    const prefix = str(body, 'logGroupNamePrefix', LOG_GROUP_NAME);
    const pattern = str(body, 'logGroupNamePattern', { min: 0, max: 512, pattern: '[\\.\\-_/#A-Za-z0-9]*' });
    const token = str(body, 'nextToken', NEXT_TOKEN);
    const limit = int(body, 'limit', { min: 1, max: 50 }) ?? 50;
    const identifiers = strList(body, 'logGroupIdentifiers', { min: 1, max: 50, item: { min: 1, max: 2048 } });
    const groupClass = str(body, 'logGroupClass', { enum: LOG_GROUP_CLASSES });
    bool(body, 'includeLinkedAccounts');
    if (prefix !== undefined && pattern !== undefined) {
      throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
    }
    const after = token === undefined ? undefined : parseOpaqueToken(token, isAfterToken).after;
    const wanted = identifiers && new Set(identifiers.map((id) => id.replace(/:\*$/, '')));
    const matching = (await listGroups(deps, scope)).filter((g) =>
      (prefix === undefined || g.logGroupName.startsWith(prefix)) &&
      (pattern === undefined || g.logGroupName.toLowerCase().includes(pattern.toLowerCase())) &&
      (wanted === undefined || wanted.has(g.logGroupName) || wanted.has(logGroupArn(scope, g.logGroupName))) &&
      (groupClass === undefined || groupClass === 'STANDARD') &&
      (after === undefined || g.logGroupName > after));
    const page = matching.slice(0, limit);
    return {
      logGroups: page.map((g) => describe(scope, g)),
      ...(matching.length > limit ? { nextToken: opaqueToken({ after: page.at(-1)!.logGroupName }) } : {}),
    };
  },

  async PutRetentionPolicy(deps, scope, body) {
    const name = str(body, 'logGroupName', { ...LOG_GROUP_NAME, required: true });
    const days = int(body, 'retentionInDays', { required: true });
    if (!isRetentionDays(days)) {
      throw invalidParameter(
        `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: ` +
          `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
      );
    }
    const doc = await putSettings(deps, scope, name, days);
    // Events past the new period go now, not at the next sweep.
    await deps.logs.pruneBefore(scope.accountId, scope.region, name, retentionCutoff(doc, deps.now())!);
    return {};
  },

  async DeleteRetentionPolicy(deps, scope, body) {
    const name = str(body, 'logGroupName', { ...LOG_GROUP_NAME, required: true });
    await putSettings(deps, scope, name, undefined);
    return {};
  },
};
