/** One metric series of one scope: its minutes, oldest first, each kept for RETENTION_MS. */
import { MinuteBucket } from './bucket.js';

export const RETENTION_MS = 15 * 24 * 60 * 60 * 1000;
export const MINUTE_MS = 60_000;

export interface Dimension { name: string; value: string }

export interface MetricId {
  namespace: string;
  metricName: string;
  /** Sorted by name. */
  dimensions: readonly Dimension[];
}

export class Series {
  /** Minute start (ms) → bucket, in insertion order, which is time order. */
  readonly minutes = new Map<number, MinuteBucket>();
  /** Set when the store drops the series: whoever holds it must look it up again. */
  forgotten = false;
  /** The minute last recorded to: most values land in it, so no map lookup for them. */
  private latestMinute = NaN;
  private latestBucket: MinuteBucket | undefined;

  constructor(readonly id: MetricId, readonly unit: string) {}

  add(value: number, at: number): void {
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    let bucket = minute === this.latestMinute ? this.latestBucket : this.minutes.get(minute);
    if (!bucket) {
      this.minutes.set(minute, (bucket = new MinuteBucket()));
      this.prune(at);
    }
    this.latestMinute = minute;
    this.latestBucket = bucket;
    bucket.add(value);
  }

  /** Drops the minutes older than the retention window. */
  prune(now: number): void {
    const oldest = now - RETENTION_MS;
    for (const minute of this.minutes.keys()) {
      if (minute >= oldest) break;
      this.minutes.delete(minute);
      if (minute === this.latestMinute) this.latestBucket = undefined;
    }
  }
}
