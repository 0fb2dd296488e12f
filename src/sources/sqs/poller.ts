/**
 * One SQS mapping: pollers long-poll the queue into the mapping's batches, and batches are invoked as
 * they close, as many at once as the mapping's concurrency allows. It starts at five (AWS's first
 * pollers), grows by one a second while a closed batch waits for a slot, up to
 * ScalingConfig.MaximumConcurrency (or Lambda's 1,250), and falls back once the queue is empty.
 * Pollers stop receiving while a closed batch waits, so no more messages sit hidden than can run.
 * A queue that cannot be read is reported and retried with backoff; the pollers recover when it reads again.
 */
import type { Message } from '@aws-sdk/client-sqs';
import type { PollerContext } from '../types.js';
import { sqsFilterCandidate } from '../filter/index.js';
import { runBatch } from './batch.js';
import { Batcher, type Batch } from './batcher.js';
import { eventRecord, sentAt } from './event.js';
import { FifoGate } from './fifo-gate.js';
import { QueueReadError, type SqsQueue } from './queue.js';
import { LONGEST_POLL_SECONDS, type SqsSettings } from './settings.js';

const SCALE_UP_EVERY_MS = 1_000;
const SOURCE_BACKOFF_FIRST_MS = 1_000;
const SOURCE_BACKOFF_LONGEST_MS = 30_000;
const FAILURE_BACKOFF_FIRST_MS = 100;
const FAILURE_BACKOFF_LONGEST_MS = 2_000;
/** Below a second of window left, receives are short polls this far apart. */
const SHORT_POLL_PAUSE_MS = 100;
const LAG_REPORT_EVERY_MS = 1_000;
/** After the signal, how long `run` waits for batches already invoking before it returns (they still finish). */
const STOP_GRACE_MS = 5_000;

export class SqsPoller {
  private concurrency: number;
  private running = 0;
  private lastScaleUp = 0;
  private scaleTimer: NodeJS.Timeout | undefined;
  private failedInARow = 0;
  private sourceFailing = false;
  private visibilityMs = 30_000;
  private readonly closed: Batch[] = [];
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly gate: FifoGate | undefined;
  private readonly batcher: Batcher;
  /** Messages received and not finished, by receipt handle: their send times give the lag. */
  private readonly unfinished = new Map<string, number>();
  private wake: () => void = () => {};
  private changed: Promise<void>;

  constructor(private readonly ctx: PollerContext, private readonly settings: SqsSettings, private readonly queue: SqsQueue) {
    this.concurrency = settings.initialPollers;
    this.gate = settings.queue.fifo ? new FifoGate() : undefined;
    this.batcher = new Batcher(settings, (received, groups) => this.admit(received, groups), (batch) => this.closeBatch(batch));
    this.changed = this.nextChange();
  }

  async run(): Promise<void> {
    const { signal } = this.ctx;
    const lagTimer = setInterval(() => this.unfinished.size > 0 && this.reportLag(), LAG_REPORT_EVERY_MS);
    lagTimer.unref();
    signal.addEventListener('abort', () => this.stopped(), { once: true });
    const pollers = Array.from({ length: this.settings.initialPollers }, () => this.poll());
    const allDone = (async () => {
      await Promise.all(pollers);
      while (this.tasks.size > 0) await Promise.all([...this.tasks]);
    })().finally(() => {
      clearInterval(lagTimer);
      clearTimeout(this.scaleTimer);
      this.queue.destroy();
    });
    const grace = Promise.all(pollers).then(() => new Promise<void>((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref()));
    await Promise.race([allDone, grace]);
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.changed = this.nextChange();
        resolve();
      };
    });
  }

  private async poll(): Promise<void> {
    const { signal } = this.ctx;
    let sourceFailures = 0;
    while (!signal.aborted) {
      // A closed batch waiting for a slot: receiving more would only keep messages hidden.
      if (this.closed.length > 0) {
        await this.changed;
        continue;
      }
      const asked = this.batcher.reserve();
      if (asked === 0) {
        await this.changed;
        continue;
      }
      const waitSeconds = this.batcher.waitSeconds();
      const receivedAt = Date.now();
      let received: Message[] = [];
      try {
        this.visibilityMs = await this.queue.visibilityTimeoutMs(signal);
        received = await this.queue.receive(asked, waitSeconds, signal);
      } catch (err) {
        this.batcher.add(asked, [], receivedAt);
        this.wake();
        if (signal.aborted) break;
        await this.sourceFailed(err, ++sourceFailures);
        continue;
      }
      sourceFailures = 0;
      this.sourceRead();
      this.batcher.add(asked, received, receivedAt);
      this.wake();
      if (received.length === 0) {
        if (waitSeconds === LONGEST_POLL_SECONDS && this.concurrency > this.settings.initialPollers) this.concurrency--;
        if (waitSeconds === 0) await this.ctx.sleep(Math.min(SHORT_POLL_PAUSE_MS, Math.max(1, this.batcher.windowLeftMs())));
      }
    }
  }

  /** Every received message passes here once: counted, filtered (and deleted), held back (FIFO), or kept. */
  private admit(received: Message[], batchGroups: Set<string>): Message[] {
    this.ctx.report.received(received.length);
    const matching: Message[] = [];
    const dropped: Message[] = [];
    for (const message of received) {
      if (this.ctx.matches(sqsFilterCandidate(eventRecord(message, this.settings.queue)))) matching.push(message);
      else dropped.push(message);
    }
    if (dropped.length > 0) {
      this.ctx.report.filtered(dropped.length);
      // AWS deletes what FilterCriteria drops.
      this.track(this.queue.delete(dropped));
    }
    const kept = this.gate ? this.gate.admit(matching, batchGroups).admitted : matching;
    for (const message of kept) this.unfinished.set(message.ReceiptHandle ?? '', sentAt(message));
    this.reportLag();
    return kept;
  }

  private closeBatch(batch: Batch): void {
    this.closed.push(batch);
    this.dispatch();
  }

  private dispatch(): void {
    if (this.ctx.signal.aborted) return;
    do {
      while (this.closed.length > 0 && this.running < this.concurrency) this.invoke(this.closed.shift()!);
    } while (this.closed.length > 0 && this.grow());
    this.wake();
  }

  private invoke(batch: Batch): void {
    this.running++;
    const hiddenUntil = batch.receivedAt + this.visibilityMs;
    const deps = { ctx: this.ctx, queue: this.queue, settings: this.settings };
    this.track((async () => {
      try {
        const outcome = await runBatch(deps, batch.messages, hiddenUntil, (m) => this.finish(m));
        this.gate?.release(batch.groups, outcome.failedGroups, hiddenUntil);
        // A failing function gets its batches a little more slowly, as AWS backs off its pollers.
        this.failedInARow = outcome.failed ? this.failedInARow + 1 : 0;
        if (this.failedInARow > 0) {
          await this.ctx.sleep(Math.min(FAILURE_BACKOFF_FIRST_MS * 2 ** (this.failedInARow - 1), FAILURE_BACKOFF_LONGEST_MS));
        }
      } finally {
        this.running--;
        this.dispatch();
      }
    })());
  }

  private track(task: Promise<unknown>): void {
    const tracked: Promise<unknown> = task.catch(() => {}).finally(() => this.tasks.delete(tracked));
    this.tasks.add(tracked);
  }

  /** Batches not yet invoking are left to SQS: their messages reappear after the visibility timeout. */
  private stopped(): void {
    const left = [...this.closed.splice(0)];
    const open = this.batcher.discard();
    if (open) left.push(open);
    for (const batch of left) {
      this.gate?.release(batch.groups, new Set(), 0);
      batch.messages.forEach((m) => this.unfinished.delete(m.ReceiptHandle ?? ''));
    }
    this.reportLag();
    this.wake();
  }

  private finish(message: Message): void {
    this.unfinished.delete(message.ReceiptHandle ?? '');
    this.reportLag();
  }

  private reportLag(): void {
    let oldest = Infinity;
    for (const sent of this.unfinished.values()) oldest = Math.min(oldest, sent);
    this.ctx.report.lag(oldest === Infinity ? 0 : Math.max(0, Date.now() - oldest));
  }

  /** A closed batch waits for a slot: one more slot, at most one a second (until then, a look again then). */
  private grow(): boolean {
    if (this.concurrency >= this.settings.maxPollers) return false;
    const wait = this.lastScaleUp + SCALE_UP_EVERY_MS - Date.now();
    if (wait > 0) {
      this.scaleTimer ??= setTimeout(() => {
        this.scaleTimer = undefined;
        this.dispatch();
      }, wait);
      return false;
    }
    this.lastScaleUp = Date.now();
    this.concurrency++;
    return true;
  }

  private describe(err: unknown): string {
    if (err instanceof QueueReadError) return err.message;
    return `Error occurred while ReceiveMessage. ${err instanceof Error ? err.message : String(err)}`;
  }

  private async sourceFailed(err: unknown, failures: number): Promise<void> {
    this.sourceFailing = true;
    this.ctx.report.sourceError(this.describe(err));
    const backoff = Math.min(SOURCE_BACKOFF_FIRST_MS * 2 ** Math.min(failures - 1, 10), SOURCE_BACKOFF_LONGEST_MS);
    await this.ctx.sleep(backoff * (0.5 + Math.random() / 2));
  }

  private sourceRead(): void {
    if (!this.sourceFailing) return;
    this.sourceFailing = false;
    this.ctx.report.sourceError(undefined);
  }
}
