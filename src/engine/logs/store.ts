import { EventEmitter, on } from 'node:events';
import { mkdirSync } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN, checkAccountId, checkRegion, nameSegment, pathInside } from '../../safe-path.js';
import { LogStreamWriter, type StreamOwner } from './stream-writer.js';

export { LogStreamWriter } from './stream-writer.js';

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

/** How long a written line may wait in memory before its batch goes to disk. */
const FLUSH_AFTER_MS = 20;

/**
 * Function logs as CloudWatch Logs would hold them: account → region → log group → streams, stored
 * under `${dir}` as append-only files. Also the read side for `lambkin logs` and the internal endpoints.
 *
 * Lines are queued by their stream and written in batches every FLUSH_AFTER_MS, so an invocation
 * never waits for the disk. Every read, a clear and `flush` (the engine's shutdown) write the queued
 * lines first: a reader sees every line written before it asked, and a clean stop loses none.
 */
export class LogStore implements StreamOwner {
  private readonly followers = new EventEmitter();
  private readonly dirty = new Set<LogStreamWriter>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** Batches run one after another: a stream's lines reach its file in order. */
  private batches: Promise<void> = Promise.resolve();

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

  /** Called by streams with lines queued (or closed): they are written within FLUSH_AFTER_MS. */
  schedule(writer: LogStreamWriter): void {
    this.dirty.add(writer);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, FLUSH_AFTER_MS);
  }

  /** Resolves once every line queued before the call is in its file. */
  flush(): Promise<void> {
    this.batches = this.batches.then(() => {
      const writers = [...this.dirty];
      this.dirty.clear();
      return Promise.all(writers.map((w) => w.writePending())).then(() => {});
    });
    return this.batches;
  }

  /** Removes the logs of one account, or of every account. */
  async clear(accountId?: string): Promise<void> {
    await this.flush();
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

  /** Every account and region that holds logs. */
  async listScopes(): Promise<{ accountId: string; region: string }[]> {
    const scopes = [];
    for (const accountId of await readdir(this.dir).catch(() => [] as string[])) {
      if (!ACCOUNT_ID_PATTERN.test(accountId)) continue;
      for (const region of await readdir(join(this.dir, accountId)).catch(() => [] as string[])) {
        if (REGION_PATTERN.test(region)) scopes.push({ accountId, region });
      }
    }
    return scopes;
  }

  /** The groups that hold streams in one account and region, with when each was first written. */
  async listGroups(accountId: string, region: string): Promise<{ logGroupName: string; creationTime: number; storedBytes: number }[]> {
    const regionDir = pathInside(this.dir, checkAccountId(accountId), checkRegion(region));
    await this.flush();
    const groups = [];
    for (const entry of await readdir(regionDir).catch(() => [] as string[])) {
      const info = await stat(join(regionDir, entry)).catch(() => undefined);
      if (!info?.isDirectory()) continue;
      const files = await readdir(join(regionDir, entry)).catch(() => [] as string[]);
      let storedBytes = 0;
      for (const file of files) storedBytes += (await stat(join(regionDir, entry, file)).catch(() => undefined))?.size ?? 0;
      groups.push({ logGroupName: decodeURIComponent(entry), creationTime: Math.floor(info.birthtimeMs || info.ctimeMs), storedBytes });
    }
    return groups;
  }

  /** Removes a group and all its streams. */
  async deleteGroup(accountId: string, region: string, group: string): Promise<void> {
    const dir = this.groupDir(accountId, region, group);
    await this.flush();
    await rm(dir, { recursive: true, force: true });
  }

  /**
   * Deletes a group's events older than `cutoff` (retention). Each stream is rewritten in place (the same
   * file, so a writer's append-mode descriptor goes on appending to it), in the batch queue, so no
   * batch of lines is written meanwhile. Returns how many events went.
   */
  pruneBefore(accountId: string, region: string, group: string, cutoff: number): Promise<number> {
    const dir = this.groupDir(accountId, region, group);
    let removed = 0;
    const prune = async () => {
      for (const file of await readdir(dir).catch(() => [] as string[])) {
        if (!file.endsWith('.jsonl')) continue;
        const path = join(dir, file);
        const events = await this.readFile(path);
        const kept = events.filter((e) => e.timestamp >= cutoff);
        if (kept.length === events.length) continue;
        removed += events.length - kept.length;
        await writeFile(path, kept.map((e) => `${JSON.stringify({ timestamp: e.timestamp, message: e.message })}\n`).join(''));
      }
    };
    const pruned = this.flush().then(prune);
    // A failed prune must not stop later batches.
    this.batches = pruned.catch(() => {});
    return pruned.then(() => removed);
  }

  async listStreams(accountId: string, region: string, group: string): Promise<LogStreamInfo[]> {
    const dir = this.groupDir(accountId, region, group);
    await this.flush();
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
    await this.flush();
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
