/**
 * One shard, read in order until it ends: gather a round of records (BatchSize, times the
 * ParallelizationFactor, within MaximumBatchingWindowInSeconds, under the 6 MB payload and inside one
 * tumbling window), run its batches, then checkpoint after the last record of the round, filtered ones
 * included. A restart resumes after that record, so nothing finished is redone and nothing is skipped.
 */
import type { PollerContext } from '../types.js';
import type { StreamRecord } from './record.js';
import type { StreamSettings } from './settings.js';
import type { SourceTraits } from './source-traits.js';
import type { ShardReader } from './shard-reader.js';
import { saveCheckpoint, shardCheckpointName, type ShardCheckpoint, type WindowState } from './checkpoint.js';
import { PollerStopped, runBatch, type BatchFrame, type RunnerEnv } from './batch-runner.js';
import { chunks, splitIntoLanes } from './lanes.js';
import { openWindow, stateTooLarge, windowEvent, windowStart } from './tumbling.js';

/** Lambda's synchronous payload limit, less room for the event around the records. */
const MAX_BATCH_BYTES = 6 * 1024 * 1024 - 64 * 1024;
/** Records that only passed the filter are checkpointed at most this often. */
const FILTERED_CHECKPOINT_MS = 1000;
/** A window is closed this long after its end, when no record of a later one has come to close it. */
const WINDOW_GRACE_MS = 1000;

export interface WorkerEnv {
  ctx: PollerContext;
  settings: StreamSettings;
  traits: SourceTraits;
  idlePollMs: number;
  lag(shardId: string, ms: number): void;
}

interface Round {
  records: StreamRecord<unknown>[];
  lastSeen?: string;
  /** The next record belongs to a later tumbling window. */
  windowEnded: boolean;
}

export class ShardWorker {
  private sequenceNumber: string | undefined;
  private window: WindowState | undefined;
  private lastCheckpointAt = 0;
  private readonly runner: RunnerEnv;

  constructor(private readonly env: WorkerEnv, private readonly reader: ShardReader<unknown>, checkpoint: ShardCheckpoint | undefined) {
    this.sequenceNumber = checkpoint?.sequenceNumber;
    this.window = checkpoint?.window;
    const { ctx, settings, traits } = env;
    this.runner = {
      ctx, settings,
      target: { mappingUuid: ctx.mapping.uuid, functionArn: settings.functionArn, streamArn: settings.eventSourceArn, shardId: reader.shard.shardId, traits },
    };
  }

  private get shardId(): string {
    return this.reader.shard.shardId;
  }

  /** Returns once the shard is read to its end; throws PollerStopped when the poller stops. */
  async run(): Promise<void> {
    const tumbling = this.env.settings.tumblingWindowMs > 0;
    for (;;) {
      const round = await this.gather();
      this.env.lag(this.shardId, Math.max(this.reader.lagMs(), round.records[0] ? Date.now() - round.records[0].arrival : 0));
      if (tumbling) await this.runWindowed(round);
      else await this.runLanes(round.records);
      if (round.lastSeen !== undefined) this.sequenceNumber = round.lastSeen;
      if (round.lastSeen !== undefined || round.records.length > 0) await this.checkpoint();
      if (tumbling && this.window && (round.windowEnded || this.reader.ended || this.windowOverdue())) {
        await this.finalInvoke(false);
        await this.checkpoint();
      }
      this.env.lag(this.shardId, this.reader.lagMs());
      if (this.reader.ended) {
        await this.checkpoint(true);
        return;
      }
    }
  }

  private async gather(): Promise<Round> {
    const { settings, ctx, idlePollMs } = this.env;
    const tumbling = settings.tumblingWindowMs > 0;
    const target = tumbling ? settings.batchSize : settings.batchSize * settings.parallelization;
    const deadline = Date.now() + settings.batchingWindowMs;
    const round: Round = { records: [], windowEnded: false };
    let bytes = 0;
    let filtered = 0;
    try {
      for (;;) {
        let full = false;
        while (this.reader.buffered > 0 && round.records.length < target) {
          const record = this.reader.peek()!;
          if (tumbling && this.startsLaterWindow(record, round)) {
            round.windowEnded = true;
            break;
          }
          if (record.matches) {
            if (round.records.length > 0 && bytes + record.size > MAX_BATCH_BYTES) {
              full = true;
              break;
            }
            round.records.push(record);
            bytes += record.size;
          } else {
            filtered += 1;
          }
          this.reader.shift();
          round.lastSeen = record.sequenceNumber;
        }
        const now = Date.now();
        if (full || round.windowEnded || round.records.length >= target || this.reader.ended) return round;
        if (round.records.length > 0 && now >= deadline) return round;
        if (round.records.length === 0 && round.lastSeen !== undefined && now - this.lastCheckpointAt >= FILTERED_CHECKPOINT_MS) return round;
        if (tumbling && round.records.length === 0 && this.windowOverdue(now)) return round;
        const got = await this.reader.fill(target - round.records.length);
        if (ctx.signal.aborted) throw new PollerStopped();
        if (got > 0 || this.reader.buffered > 0) continue;
        if (round.records.length > 0 && settings.batchingWindowMs === 0) return round;
        let wait = round.records.length > 0 ? Math.min(idlePollMs, deadline - Date.now()) : idlePollMs;
        if (tumbling && this.window) wait = Math.min(wait, this.window.end + WINDOW_GRACE_MS - Date.now());
        this.env.lag(this.shardId, this.reader.lagMs());
        if (wait > 0 && !(await ctx.sleep(wait))) throw new PollerStopped();
      }
    } finally {
      if (filtered > 0) ctx.report.filtered(filtered);
    }
  }

  private startsLaterWindow(record: StreamRecord<unknown>, round: Round): boolean {
    const length = this.env.settings.tumblingWindowMs;
    const current = this.window?.start ?? (round.records[0] ? windowStart(round.records[0].arrival, length) : undefined);
    return current !== undefined && windowStart(record.arrival, length) > current;
  }

  private windowOverdue(now = Date.now()): boolean {
    return this.window !== undefined && this.reader.buffered === 0 && this.reader.caughtUp && now >= this.window.end + WINDOW_GRACE_MS;
  }

  private plainFrame(): BatchFrame {
    return { event: (records) => ({ Records: records.map((r) => r.event) }) };
  }

  private async runLanes(records: StreamRecord<unknown>[]): Promise<void> {
    if (records.length === 0) return;
    const { settings, traits } = this.env;
    const lanes = splitIntoLanes(records, settings.parallelization, (r) => traits.orderingKey(r.event));
    await Promise.all(lanes.map(async (lane) => {
      for (const batch of chunks(lane, settings.batchSize)) await runBatch(this.runner, batch, this.plainFrame());
    }));
  }

  private windowFrame(window: WindowState, final: boolean, terminatedEarly: boolean): BatchFrame {
    const info = { shardId: this.shardId, streamArn: this.env.settings.eventSourceArn, final, terminatedEarly };
    return {
      event: (records) => windowEvent(records, window, info),
      tumbling: { accept: (state) => { window.state = state; } },
    };
  }

  private async runWindowed(round: Round): Promise<void> {
    if (round.records.length === 0) return;
    this.window ??= openWindow(round.records[0]!.arrival, this.env.settings.tumblingWindowMs);
    await runBatch(this.runner, round.records, this.windowFrame(this.window, false, false));
    if (stateTooLarge(this.window.state)) await this.finalInvoke(true);
  }

  private async finalInvoke(terminatedEarly: boolean): Promise<void> {
    const window = this.window;
    if (!window) return;
    await runBatch(this.runner, [], this.windowFrame({ ...window }, true, terminatedEarly));
    this.window = undefined;
  }

  private async checkpoint(finished = false): Promise<void> {
    if (this.env.ctx.signal.aborted) throw new PollerStopped();
    const value: ShardCheckpoint = {
      ...(this.sequenceNumber !== undefined ? { sequenceNumber: this.sequenceNumber } : {}),
      ...(finished ? { finished: true } : {}),
      ...(this.window ? { window: this.window } : {}),
    };
    await saveCheckpoint(this.env.ctx.checkpoints, shardCheckpointName(this.shardId), value);
    this.lastCheckpointAt = Date.now();
  }
}
