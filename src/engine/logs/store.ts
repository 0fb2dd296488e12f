import { EventEmitter, on } from 'node:events';
import { appendFileSync, closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkAccountId, checkRegion, nameSegment, pathInside } from '../../safe-path.js';

export interface LogEvent {
  timestamp: number;
  message: string;
}

export interface StreamedLogEvent extends LogEvent {
  logStreamName: string;
}

export interface LogStreamInfo {
  logStreamName: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes: number;
}

export interface ReadEventsOptions {
  stream?: string;
  startTime?: number;
  endTime?: number;
  limit?: number;
}

interface FollowedEvent extends StreamedLogEvent {
  key: string;
}

/** Appends events of one log stream; one JSON line per event. */
export class LogStreamWriter {
  private fd: number | undefined;
  private closed = false;
  constructor(
    private readonly file: string,
    private readonly store: LogStore,
    private readonly groupKey: string,
    readonly streamName: string,
  ) {}

  write(message: string, timestamp = Date.now()): void {
    const line = `${JSON.stringify({ timestamp, message })}\n`;
    try {
      // Output that arrives after the environment ended still lands, without holding a descriptor open.
      if (this.closed) appendFileSync(this.file, line);
      else writeSync((this.fd ??= openSync(this.file, 'a')), line);
    } catch (err) {
      // The group was cleared (a reset) under a stream still writing: its lines go with it.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return;
    }
    this.store.published(this.groupKey, this.streamName, timestamp, message);
  }

  close(): void {
    this.closed = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Function logs as CloudWatch Logs would hold them: account → region → log group → streams, stored
 * under `${dir}` as append-only files. Also the read side for `lambkin logs` and the internal endpoints.
 */
export class LogStore {
  private readonly followers = new EventEmitter();

  constructor(readonly dir: string) {
    this.followers.setMaxListeners(0);
  }

  /** Every part is checked: account and region may come from a request, and no group leaves its region's directory. */
  private groupDir(accountId: string, region: string, group: string): string {
    return pathInside(this.dir, checkAccountId(accountId), checkRegion(region), nameSegment(group));
  }

  /** Opens (creating) a stream for writing. */
  openStream(accountId: string, region: string, group: string, stream: string): LogStreamWriter {
    const dir = this.groupDir(accountId, region, group);
    mkdirSync(dir, { recursive: true });
    return new LogStreamWriter(pathInside(dir, `${nameSegment(stream)}.jsonl`), this, dir, stream);
  }

  /** Removes the logs of one account, or of every account. */
  async clear(accountId?: string): Promise<void> {
    if (accountId !== undefined) {
      await rm(pathInside(this.dir, checkAccountId(accountId)), { recursive: true, force: true });
      return;
    }
    for (const entry of await readdir(this.dir).catch(() => [] as string[])) {
      await rm(pathInside(this.dir, entry), { recursive: true, force: true });
    }
  }

  /** Called by writers; wakes `follow` iterators. */
  published(groupKey: string, logStreamName: string, timestamp: number, message: string): void {
    if (this.followers.listenerCount('event') === 0) return;
    const event: FollowedEvent = { key: groupKey, logStreamName, timestamp, message };
    this.followers.emit('event', event);
  }

  async listStreams(accountId: string, region: string, group: string): Promise<LogStreamInfo[]> {
    const dir = this.groupDir(accountId, region, group);
    const files = await readdir(dir).catch(() => [] as string[]);
    const streams: LogStreamInfo[] = [];
    for (const file of files) {
      if (!file.endsWith('.jsonl')) continue;
      const path = join(dir, file);
      const [info, events] = await Promise.all([stat(path), this.readFile(path)]);
      streams.push({
        logStreamName: decodeURIComponent(file.slice(0, -'.jsonl'.length)),
        creationTime: Math.floor(info.birthtimeMs || info.ctimeMs),
        firstEventTimestamp: events[0]?.timestamp,
        lastEventTimestamp: events.at(-1)?.timestamp,
        lastIngestionTime: Math.floor(info.mtimeMs),
        storedBytes: info.size,
      });
    }
    return streams.sort((a, b) => a.creationTime - b.creationTime || a.logStreamName.localeCompare(b.logStreamName));
  }

  private async readFile(path: string): Promise<LogEvent[]> {
    const text = await readFile(path, 'utf8').catch(() => '');
    const events: LogEvent[] = [];
    for (const line of text.split('\n')) {
      if (line) events.push(JSON.parse(line) as LogEvent);
    }
    return events;
  }

  /** Events of a group (or one stream), oldest first; with `limit`, the newest `limit` of them. */
  async readEvents(
    accountId: string,
    region: string,
    group: string,
    options: ReadEventsOptions = {},
  ): Promise<StreamedLogEvent[]> {
    const dir = this.groupDir(accountId, region, group);
    const names = options.stream
      ? [options.stream]
      : (await this.listStreams(accountId, region, group)).map((s) => s.logStreamName);
    const all: StreamedLogEvent[] = [];
    for (const logStreamName of names) {
      for (const e of await this.readFile(pathInside(dir, `${nameSegment(logStreamName)}.jsonl`))) {
        if (options.startTime !== undefined && e.timestamp < options.startTime) continue;
        if (options.endTime !== undefined && e.timestamp > options.endTime) continue;
        all.push({ logStreamName, timestamp: e.timestamp, message: e.message });
      }
    }
    // Stable sort keeps each stream's own order for events of the same millisecond.
    all.sort((a, b) => a.timestamp - b.timestamp);
    return options.limit !== undefined ? all.slice(Math.max(0, all.length - options.limit)) : all;
  }

  /** New events of a group (or one stream) as they are written, until `signal` aborts. */
  async *follow(
    accountId: string,
    region: string,
    group: string,
    options: { stream?: string; signal?: AbortSignal } = {},
  ): AsyncGenerator<StreamedLogEvent> {
    const key = this.groupDir(accountId, region, group);
    try {
      for await (const [event] of on(this.followers, 'event', { signal: options.signal })) {
        const e = event as FollowedEvent;
        if (e.key !== key) continue;
        if (options.stream !== undefined && e.logStreamName !== options.stream) continue;
        yield { logStreamName: e.logStreamName, timestamp: e.timestamp, message: e.message };
      }
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err;
    }
  }
}
