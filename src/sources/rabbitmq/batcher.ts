/**
 * Gathers deliveries into the batches a mapping invokes with: a batch is ready when it holds BatchSize
 * records, when the next record would take the event past the invoke payload limit, or when the
 * batching window has passed since its first record arrived. Closed when the broker connection goes.
 */
export interface Pending<T> {
  item: T;
  /** Bytes the record adds to the event's JSON. */
  size: number;
  arrivedAt: number;
}

export interface BatchLimits {
  maxRecords: number;
  maxBytes: number;
  windowMs: number;
}

export class Batcher<T> {
  private pending: Array<Pending<T>> = [];
  private pendingBytes = 0;
  private wake: (() => void) | undefined;
  private closedWith: Error | undefined;

  constructor(private readonly limits: BatchLimits, private readonly now: () => number = Date.now) {}

  push(item: T, size: number): void {
    this.pending.push({ item, size, arrivedAt: this.now() });
    this.pendingBytes += size;
    // A waiting `next` needs to hear of its first record (the window starts) and of a full batch.
    if (this.pending.length === 1 || this.full()) this.wakeUp();
  }

  close(reason: Error): void {
    this.closedWith ??= reason;
    this.wakeUp();
  }

  /** Age of the oldest record waiting (0 when none is). */
  oldestAge(): number {
    const first = this.pending[0];
    return first ? Math.max(0, this.now() - first.arrivedAt) : 0;
  }

  /** The next batch (never empty); rejects with the close reason, or when `signal` aborts. */
  async next(signal: AbortSignal): Promise<T[]> {
    for (;;) {
      if (this.closedWith) throw this.closedWith;
      if (signal.aborted) throw signal.reason;
      const first = this.pending[0];
      const waitMs = first === undefined ? undefined : first.arrivedAt + this.limits.windowMs - this.now();
      if (first !== undefined && (this.full() || waitMs! <= 0)) return this.take();
      await this.sleep(waitMs, signal);
    }
  }

  private full(): boolean {
    return this.pending.length >= this.limits.maxRecords || this.pendingBytes >= this.limits.maxBytes;
  }

  /** Records in arrival order, up to the limits; a lone record past the byte limit goes alone. */
  private take(): T[] {
    let bytes = 0;
    let count = 0;
    for (const p of this.pending) {
      if (count === this.limits.maxRecords || (count > 0 && bytes + p.size > this.limits.maxBytes)) break;
      bytes += p.size;
      count++;
    }
    const taken = this.pending.splice(0, count);
    this.pendingBytes -= bytes;
    return taken.map((p) => p.item);
  }

  private sleep(ms: number | undefined, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = undefined;
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }

  private wakeUp(): void {
    this.wake?.();
  }
}
