/**
 * What a stream poller reports beyond its batches: whether the stream can be read (a problem is
 * reported once, logged once, and cleared by the next good call of the same part: listing the shards,
 * or reading them) and the lag, the oldest unprocessed record's age over all shards.
 */
import type { PollerContext, PollerReport } from '../types.js';

const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 30_000;

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.name && err.name !== 'Error' && !err.message.startsWith(err.name) ? `${err.name}: ${err.message}` : err.message;
}

/**
 * Listing and reading fail and recover apart: a deleted stream may still serve reads of iterators taken
 * before, and those must not hide that it can no longer be listed.
 */
export type SourcePart = 'list' | 'read';

export class SourceHealth {
  private readonly problems = new Map<SourcePart, string>();
  private reported: string | undefined;
  private failures = 0;

  constructor(private readonly ctx: PollerContext) {}

  /** Reports the failure; the pause before trying again, growing with consecutive failures. */
  failed(err: unknown, part: SourcePart, consecutive = ++this.failures): number {
    // A throttled read is the stream's normal pacing, not a problem with the source.
    if (isThrottle(err)) return BACKOFF_BASE_MS;
    const message = describe(err);
    if (this.problems.get(part) !== message) {
      this.problems.set(part, message);
      this.ctx.log(`Lambda could not read ${this.ctx.mapping.config.EventSourceArn}: ${message}`);
    }
    this.publish();
    return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(consecutive - 1, 5));
  }

  succeeded(part: SourcePart): void {
    if (part === 'list') this.failures = 0;
    if (!this.problems.delete(part)) return;
    this.publish();
  }

  private publish(): void {
    const problem = this.problems.get('list') ?? this.problems.get('read');
    if (problem === this.reported) return;
    this.reported = problem;
    this.ctx.report.sourceError(problem);
  }
}

function isThrottle(err: unknown): boolean {
  return err instanceof Error && ['ProvisionedThroughputExceededException', 'LimitExceededException', 'ThrottlingException'].includes(err.name);
}

export class LagBoard {
  private readonly byShard = new Map<string, number>();
  private reported: number | undefined;

  constructor(private readonly report: PollerReport) {}

  set(shardId: string, ms: number): void {
    this.byShard.set(shardId, Math.max(0, Math.round(ms)));
    this.publish();
  }

  /** Shards the stream no longer lists have no lag. */
  keepOnly(shards: ReadonlySet<string>): void {
    for (const id of this.byShard.keys()) if (!shards.has(id)) this.byShard.delete(id);
    this.publish();
  }

  private publish(): void {
    const lag = Math.max(0, ...this.byShard.values());
    if (lag === this.reported) return;
    this.reported = lag;
    this.report.lag(lag);
  }
}
