/** GetLogEvents (one stream, paged both ways) and FilterLogEvents (a group's streams, interleaved). */
import { createHash } from 'node:crypto';
import type { Scope } from '../../store/types.js';
import type { StreamedLogEvent } from '../../engine/logs/store.js';
import { invalidParameter, LOG_STREAM_NOT_FOUND, resourceNotFound } from '../errors.js';
import { compileFilterPattern } from '../filter-pattern.js';
import { retentionCutoff, type LogGroupView, type LogsApiDeps } from '../groups.js';
import { bool, int, LOG_STREAM_NAME, NEXT_TOKEN, str, strList, type Body } from '../input.js';
import { opaqueToken, parseOpaqueToken, parseStreamToken, streamToken } from '../tokens.js';
import { targetGroup } from './target.js';
import type { LogsHandlerTable } from './types.js';

const MAX_EVENTS = 10_000;

/** The time window a read asks for, narrowed to what the group's retention still keeps; endTime is exclusive. */
function timeWindow(deps: LogsApiDeps, group: LogGroupView, body: Body): (timestamp: number) => boolean {
  const startTime = int(body, 'startTime', { min: 0 });
  const endTime = int(body, 'endTime', { min: 0 });
  const cutoff = retentionCutoff(group, deps.now());
  const from = Math.max(startTime ?? 0, cutoff ?? 0);
  return (t) => t >= from && (endTime === undefined || t < endTime);
}

/** A stream's events with their position in it: what event ids and tokens are made of. */
interface PlacedEvent extends StreamedLogEvent { index: number }

async function streamEvents(deps: LogsApiDeps, scope: Scope, group: string, stream: string): Promise<PlacedEvent[]> {
  const events = await deps.logs.readEvents(scope.accountId, scope.region, group, { stream });
  return events.map((e, index) => ({ ...e, index }));
}

/** 56 digits, as AWS's: the timestamp, the stream (hashed) and the position in it, so ids are unique in a group and stable. */
function eventId(e: PlacedEvent): string {
  const stream = createHash('sha256').update(e.logStreamName).digest().readBigUInt64BE() % 10_000_000_000_000_000n;
  return `${String(e.timestamp).padStart(20, '0')}${String(stream).padStart(16, '0')}${String(e.index).padStart(20, '0')}`;
}

interface FilterPosition { t: number; s: string; i: number }
const isFilterPosition = (v: Record<string, unknown>): v is Record<string, unknown> & FilterPosition =>
  typeof v.t === 'number' && typeof v.s === 'string' && typeof v.i === 'number';

function order(a: FilterPosition, b: FilterPosition): number {
  return a.t - b.t || (a.s < b.s ? -1 : a.s > b.s ? 1 : 0) || a.i - b.i;
}

export const eventHandlers: LogsHandlerTable = {
  async GetLogEvents(deps, scope, body) {
    const streamName = str(body, 'logStreamName', { ...LOG_STREAM_NAME, required: true });
    const token = str(body, 'nextToken', NEXT_TOKEN);
    const limit = int(body, 'limit', { min: 1, max: MAX_EVENTS }) ?? MAX_EVENTS;
    const startFromHead = bool(body, 'startFromHead') ?? false;
    bool(body, 'unmask');
    const group = await targetGroup(deps, scope, body);
    const inWindow = timeWindow(deps, group, body);
    const streams = await deps.logs.listStreams(scope.accountId, scope.region, group.logGroupName);
    if (!streams.some((s) => s.logStreamName === streamName)) throw resourceNotFound(LOG_STREAM_NOT_FOUND);
    const events = (await streamEvents(deps, scope, group.logGroupName, streamName)).filter((e) => inWindow(e.timestamp));

    // A page is [from, to) of the matching events. Forward goes on from `to`, backward ends at `from`;
    // at either end the same token comes back, which is how a reader knows it has caught up.
    let from: number;
    let to: number;
    if (token !== undefined) {
      const { direction, position } = parseStreamToken(token);
      const at = Math.min(position, events.length);
      [from, to] = direction === 'f' ? [at, Math.min(events.length, at + limit)] : [Math.max(0, at - limit), at];
    } else if (startFromHead) {
      [from, to] = [0, Math.min(events.length, limit)];
    } else {
      [from, to] = [Math.max(0, events.length - limit), events.length];
    }
    return {
      events: events.slice(from, to).map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp })),
      nextForwardToken: streamToken('f', to),
      nextBackwardToken: streamToken('b', from),
    };
  },

  async FilterLogEvents(deps, scope, body) {
    const names = strList(body, 'logStreamNames', { min: 1, max: 100, item: LOG_STREAM_NAME });
    const prefix = str(body, 'logStreamNamePrefix', LOG_STREAM_NAME);
    const pattern = str(body, 'filterPattern', { min: 0, max: 1024 });
    const token = str(body, 'nextToken', NEXT_TOKEN);
    const limit = int(body, 'limit', { min: 1, max: MAX_EVENTS }) ?? MAX_EVENTS;
    bool(body, 'interleaved');
    bool(body, 'unmask');
    const group = await targetGroup(deps, scope, body);
    if (names !== undefined && prefix !== undefined) {
      throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
    }
    const inWindow = timeWindow(deps, group, body);
    const matches = compileFilterPattern(pattern);
    const after = token === undefined ? undefined : parseOpaqueToken(token, isFilterPosition);
    const wanted = names && new Set(names);
    const streams = (await deps.logs.listStreams(scope.accountId, scope.region, group.logGroupName))
      .map((s) => s.logStreamName)
      .filter((name) => (wanted === undefined || wanted.has(name)) && (prefix === undefined || name.startsWith(prefix)));

    const found: PlacedEvent[] = [];
    for (const stream of streams) {
      for (const e of await streamEvents(deps, scope, group.logGroupName, stream)) {
        if (!inWindow(e.timestamp) || !matches(e.message)) continue;
        if (after && order({ t: e.timestamp, s: e.logStreamName, i: e.index }, after) <= 0) continue;
        found.push(e);
      }
    }
    found.sort((a, b) => order({ t: a.timestamp, s: a.logStreamName, i: a.index }, { t: b.timestamp, s: b.logStreamName, i: b.index }));
    const page = found.slice(0, limit);
    const last = page.at(-1);
    return {
      events: page.map((e) => ({
        logStreamName: e.logStreamName, timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp, eventId: eventId(e),
      })),
      searchedLogStreams: [],
      ...(found.length > limit && last ? { nextToken: opaqueToken({ t: last.timestamp, s: last.logStreamName, i: last.index }) } : {}),
    };
  },
};
