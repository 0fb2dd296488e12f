/** DescribeLogStreams. */
import { invalidParameter } from '../errors.js';
import { logGroupArn } from '../groups.js';
import { bool, int, LOG_STREAM_NAME, NEXT_TOKEN, str } from '../input.js';
import { opaqueToken, parseOpaqueToken } from '../tokens.js';
import { targetGroup } from './target.js';
import type { LogsHandlerTable } from './types.js';

const isOffsetToken = (v: Record<string, unknown>): v is { offset: number } =>
  typeof v.offset === 'number' && Number.isInteger(v.offset) && v.offset >= 0;

export const streamHandlers: LogsHandlerTable = {
  async DescribeLogStreams(deps, scope, body) {
    const prefix = str(body, 'logStreamNamePrefix', LOG_STREAM_NAME);
    const orderBy = str(body, 'orderBy', { enum: ['LogStreamName', 'LastEventTime'] }) ?? 'LogStreamName';
    const descending = bool(body, 'descending') ?? false;
    const token = str(body, 'nextToken', NEXT_TOKEN);
    const limit = int(body, 'limit', { min: 1, max: 50 }) ?? 50;
    const group = await targetGroup(deps, scope, body);
    if (orderBy === 'LastEventTime' && prefix !== undefined) {
      throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const offset = token === undefined ? 0 : parseOpaqueToken(token, isOffsetToken).offset;
    const streams = (await deps.logs.listStreams(scope.accountId, scope.region, group.logGroupName))
      .filter((s) => prefix === undefined || s.logStreamName.startsWith(prefix));
    const byName = (a: { logStreamName: string }, b: { logStreamName: string }) =>
      (a.logStreamName < b.logStreamName ? -1 : a.logStreamName > b.logStreamName ? 1 : 0);
    streams.sort(orderBy === 'LogStreamName' ? byName : (a, b) => (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) || byName(a, b));
    if (descending) streams.reverse();
    const page = streams.slice(offset, offset + limit);
    const arn = logGroupArn(scope, group.logGroupName);
    return {
      logStreams: page.map((s) => ({
        logStreamName: s.logStreamName,
        creationTime: s.creationTime,
        ...(s.firstEventTimestamp !== undefined ? { firstEventTimestamp: s.firstEventTimestamp, lastEventTimestamp: s.lastEventTimestamp } : {}),
        ...(s.lastIngestionTime !== undefined && s.firstEventTimestamp !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
        arn: `${arn}:log-stream:${s.logStreamName}`,
        storedBytes: 0,
      })),
      ...(offset + limit < streams.length ? { nextToken: opaqueToken({ offset: offset + limit }) } : {}),
    };
  },
};
