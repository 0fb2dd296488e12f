/**
 * A stream mapping's poller: lists the shards (again every few seconds and whenever one ends, to follow
 * resharding), reads every shard at once, each in its own ShardWorker, a child only once its parents
 * are read to their end, and stops when the manager aborts. A shard without a checkpoint starts at the
 * mapping's StartingPosition if it was there at the mapping's first poll, from its beginning otherwise.
 */
import type { PollerContext } from '../types.js';
import type { ShardInfo, ShardPosition, StreamAdapter } from './adapter.js';
import type { StreamRecord } from './record.js';
import { streamSettings, type StreamSettings } from './settings.js';
import { sourceTraits, type SourceTraits } from './source-traits.js';
import { ShardReader, type ReaderEnv } from './shard-reader.js';
import { ShardWorker } from './shard-worker.js';
import { PollerStopped } from './batch-runner.js';
import { SourceHealth, LagBoard } from './health.js';
import {
  CheckpointWriteFailed, STREAM_CHECKPOINT, resumePosition, saveCheckpoint, shardCheckpointName, shardIdOf,
  type ShardCheckpoint, type StreamCheckpoint,
} from './checkpoint.js';

export interface PollerOptions {
  /** Pause before reading a caught-up shard again. */
  idlePollMs: number;
  /** How often the shards are listed again. */
  relistMs: number;
}

/** A worker that failed for a reason other than the source (a bug, a record it could not read) starts again after this. */
const WORKER_RESTART_MS = 5000;

export class StreamPoller<R> {
  private readonly settings: StreamSettings;
  private readonly traits: SourceTraits;
  private readonly health: SourceHealth;
  private readonly lag: LagBoard;
  private readonly finished = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly restartAt = new Map<string, number>();
  private streamState: StreamCheckpoint | undefined;
  private fatal: unknown;
  private wake: () => void = () => {};
  private readonly stopped: Promise<void>;

  constructor(private readonly ctx: PollerContext, private readonly adapter: StreamAdapter<R>, private readonly options: PollerOptions) {
    this.settings = streamSettings(ctx.mapping.config);
    this.traits = sourceTraits(adapter.eventSource);
    this.health = new SourceHealth(ctx);
    this.lag = new LagBoard(ctx.report);
    this.stopped = new Promise((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  async run(): Promise<void> {
    const startedAt = Date.now();
    await this.loadCheckpoints();
    while (!this.ctx.signal.aborted) {
      const shards = await this.listShards();
      if (this.fatal) throw this.fatal;
      if (shards === undefined) return;
      if (!this.streamState) {
        this.streamState = { startedAt, shards: shards.map((s) => s.shardId) };
        await saveCheckpoint(this.ctx.checkpoints, STREAM_CHECKPOINT, this.streamState);
      }
      const listed = new Set(shards.map((s) => s.shardId));
      this.lag.keepOnly(listed);
      for (const shard of shards) {
        if (this.running.has(shard.shardId) || this.finished.has(shard.shardId)) continue;
        if ((this.restartAt.get(shard.shardId) ?? 0) > Date.now()) continue;
        if (!this.parentsFinished(shard, listed)) continue;
        this.start(shard);
      }
      await this.waitForChange();
      if (this.fatal) throw this.fatal;
    }
  }

  private async loadCheckpoints(): Promise<void> {
    for (const { name, value } of await this.ctx.checkpoints.list<unknown>()) {
      if (name === STREAM_CHECKPOINT) this.streamState = value as StreamCheckpoint;
      const shardId = shardIdOf(name);
      if (shardId === undefined) continue;
      if ((value as ShardCheckpoint).finished) this.finished.add(shardId);
    }
  }

  /** Undefined when the poller stopped while the source could not be listed. */
  private async listShards(): Promise<ShardInfo[] | undefined> {
    for (;;) {
      try {
        const shards = await this.adapter.listShards(this.ctx.signal);
        this.health.succeeded('list');
        return shards;
      } catch (err) {
        if (this.ctx.signal.aborted) return undefined;
        if (!(await this.ctx.sleep(this.health.failed(err, 'list')))) return undefined;
      }
    }
  }

  /** A parent the stream no longer lists has expired: nothing of it is left to read. */
  private parentsFinished(shard: ShardInfo, listed: ReadonlySet<string>): boolean {
    return [shard.parentShardId, shard.adjacentParentShardId].every((parent) =>
      parent === undefined || !listed.has(parent) || this.finished.has(parent));
  }

  private startPosition(shardId: string, checkpoint: ShardCheckpoint | undefined): ShardPosition {
    const resumed = resumePosition(checkpoint);
    if (resumed) return resumed;
    if (!this.streamState?.shards.includes(shardId)) return { type: 'TRIM_HORIZON' };
    const position = this.settings.startingPosition;
    // LATEST as of the mapping's first poll, so records sent while Lambkin was down are still read.
    return position.type === 'LATEST' ? { type: 'AT_TIMESTAMP', timestamp: new Date(this.streamState.startedAt) } : position;
  }

  private start(shard: ShardInfo): void {
    const run = (async () => {
      try {
        // Read again: a worker started after another one on this shard failed resumes where that one got to.
        const checkpoint = await this.ctx.checkpoints.get<ShardCheckpoint>(shardCheckpointName(shard.shardId));
        const reader = new ShardReader<unknown>(this.readerEnv() as ReaderEnv<unknown>, shard, this.startPosition(shard.shardId, checkpoint));
        const worker = new ShardWorker({
          ctx: this.ctx, settings: this.settings, traits: this.traits, idlePollMs: this.options.idlePollMs,
          lag: (id, ms) => this.lag.set(id, ms),
        }, reader, checkpoint);
        await worker.run();
        this.finished.add(shard.shardId);
        this.lag.set(shard.shardId, 0);
      } catch (err) {
        if (err instanceof PollerStopped || this.ctx.signal.aborted) return;
        if (err instanceof CheckpointWriteFailed) {
          this.fatal ??= err;
          return;
        }
        this.ctx.log(`Lambda stopped reading ${shard.shardId} and starts again: ${err instanceof Error ? err.message : String(err)}`);
        this.restartAt.set(shard.shardId, Date.now() + WORKER_RESTART_MS);
      } finally {
        this.running.delete(shard.shardId);
        this.wake();
      }
    })();
    this.running.set(shard.shardId, run);
  }

  private readerEnv(): ReaderEnv<R> {
    const { ctx, adapter } = this;
    let failures = 0;
    return {
      adapter,
      signal: ctx.signal,
      toRecord: (raw) => this.toRecord(raw),
      readFailed: async (err) => {
        failures += 1;
        await ctx.sleep(this.health.failed(err, 'read', failures));
      },
      readSucceeded: (count) => {
        failures = 0;
        this.health.succeeded('read');
        if (count > 0) ctx.report.received(count);
      },
      relist: async (shardId) => (await adapter.listShards(ctx.signal)).find((s) => s.shardId === shardId),
    };
  }

  private toRecord(raw: R): StreamRecord<R> {
    const event = this.adapter.eventRecord(raw);
    return {
      raw,
      sequenceNumber: this.adapter.sequenceNumber(raw),
      arrival: this.adapter.arrivalTime(raw),
      event,
      size: Buffer.byteLength(JSON.stringify(event)) + 1,
      matches: this.ctx.matches(this.adapter.filterCandidate(event)),
    };
  }

  /** Until the next listing is due, a worker ended, or the poller stops. */
  private async waitForChange(): Promise<void> {
    const changed = new Promise<void>((resolve) => { this.wake = resolve; });
    let timer: NodeJS.Timeout | undefined;
    const due = new Promise<void>((resolve) => { timer = setTimeout(resolve, this.nextListingIn()); });
    await Promise.race([changed, this.stopped, due]);
    clearTimeout(timer);
  }

  private nextListingIn(): number {
    const restarts = [...this.restartAt.values()].map((at) => at - Date.now()).filter((ms) => ms > 0);
    return Math.min(this.options.relistMs, ...restarts);
  }
}
