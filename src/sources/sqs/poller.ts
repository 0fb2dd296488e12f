/**
 * One SQS mapping's pollers. Each poller gathers a batch, runs it, and starts over, so the number of
 * pollers is the mapping's concurrency: five to start with (as on AWS), one more each second while the
 * queue keeps a backlog, up to ScalingConfig.MaximumConcurrency; back towards five once the queue is empty.
 * A queue that cannot be read is reported and retried with backoff; the pollers recover when it reads again.
 */
import type { Message } from '@aws-sdk/client-sqs';
import type { PollerContext } from '../types.js';
import { runBatch } from './batch.js';
import { sqsFilterCandidate } from '../filter/index.js';
import { eventRecord, sentAt } from './event.js';
import { FifoGate } from './fifo-gate.js';
import { gatherBatch } from './gather.js';
import { QueueReadError, type SqsQueue } from './queue.js';
import type { SqsSettings } from './settings.js';

const SCALE_UP_EVERY_MS = 1_000;
const SOURCE_BACKOFF_FIRST_MS = 1_000;
const SOURCE_BACKOFF_LONGEST_MS = 30_000;
const FAILURE_BACKOFF_FIRST_MS = 100;
const FAILURE_BACKOFF_LONGEST_MS = 2_000;
const LAG_REPORT_EVERY_MS = 1_000;
/** After the signal, how long `run` waits for batches already invoking before it returns (they still finish). */
const STOP_GRACE_MS = 5_000;

export class SqsPoller {
  private pollers = 0;
  private lastScaleUp = 0;
  /** Whether the last read of the queue failed (so a good read clears the reported error). */
  private sourceFailing = false;
  private readonly workers = new Set<Promise<void>>();
  private readonly gate: FifoGate | undefined;
  /** Messages received and not finished, by receipt handle: their send times give the lag. */
  private readonly unfinished = new Map<string, number>();
  private readonly filteredDeletes = new Set<Promise<unknown>>();

  constructor(private readonly ctx: PollerContext, private readonly settings: SqsSettings, private readonly queue: SqsQueue) {
    this.gate = settings.queue.fifo ? new FifoGate() : undefined;
  }

  async run(): Promise<void> {
    const lagTimer = setInterval(() => this.unfinished.size > 0 && this.reportLag(), LAG_REPORT_EVERY_MS);
    lagTimer.unref();
    for (let i = 0; i < this.settings.initialPollers; i++) this.addPoller();
    const allDone = (async () => {
      while (this.workers.size > 0) await Promise.all([...this.workers]);
      await Promise.all([...this.filteredDeletes]);
    })();
    void allDone.finally(() => {
      clearInterval(lagTimer);
      this.queue.destroy();
    });
    await new Promise<void>((resolve) => {
      void allDone.then(resolve);
      const onAbort = () => setTimeout(resolve, STOP_GRACE_MS).unref();
      if (this.ctx.signal.aborted) onAbort();
      else this.ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private addPoller(): void {
    this.pollers++;
    const worker = this.poll().finally(() => {
      this.pollers--;
      this.workers.delete(worker);
    });
    this.workers.add(worker);
  }

  private async poll(): Promise<void> {
    const { signal } = this.ctx;
    let failures = 0;
    let sourceFailures = 0;
    while (!signal.aborted) {
      const batchGroups = new Set<string>();
      let gathered;
      let visibilityMs;
      try {
        visibilityMs = await this.queue.visibilityTimeoutMs(signal);
        gathered = await gatherBatch({
          queue: this.queue, settings: this.settings, signal, sleep: (ms) => this.ctx.sleep(ms),
          take: (received) => this.take(received, batchGroups),
          onLateError: (err) => this.ctx.report.sourceError(this.describe(err)),
        });
      } catch (err) {
        this.gate?.release(batchGroups, new Set(), 0);
        if (signal.aborted) break;
        await this.sourceFailed(err, ++sourceFailures);
        continue;
      }
      sourceFailures = 0;
      this.sourceRead();
      if (gathered.messages.length === 0) {
        this.gate?.release(batchGroups, new Set(), 0);
        if (!gathered.backlog && this.pollers > this.settings.initialPollers) return;
        continue;
      }
      if (gathered.backlog) this.scaleUp();
      const hiddenUntil = gathered.receivedAt + visibilityMs;
      const outcome = await runBatch({ ctx: this.ctx, queue: this.queue, settings: this.settings }, gathered.messages, hiddenUntil, (m) => this.finish(m));
      this.gate?.release(batchGroups, outcome.failedGroups, hiddenUntil);
      // A failing function gets this poller's batches a little more slowly, as AWS backs off its pollers.
      failures = outcome.failed ? failures + 1 : 0;
      if (failures > 0) await this.ctx.sleep(Math.min(FAILURE_BACKOFF_FIRST_MS * 2 ** (failures - 1), FAILURE_BACKOFF_LONGEST_MS));
    }
  }

  /** Every received message passes here once: counted, held back (FIFO) or filtered, or kept for the batch. */
  private take(received: Message[], batchGroups: Set<string>): Message[] {
    if (received.length === 0) return [];
    this.ctx.report.received(received.length);
    const admitted = this.gate ? this.gate.admit(received, batchGroups).admitted : received;
    const kept: Message[] = [];
    const dropped: Message[] = [];
    for (const message of admitted) {
      if (this.ctx.matches(sqsFilterCandidate(eventRecord(message, this.settings.queue)))) kept.push(message);
      else dropped.push(message);
    }
    for (const message of kept) this.unfinished.set(message.ReceiptHandle ?? '', sentAt(message));
    if (dropped.length > 0) {
      this.ctx.report.filtered(dropped.length);
      // AWS deletes what FilterCriteria drops.
      const deleting = this.queue.delete(dropped).finally(() => this.filteredDeletes.delete(deleting));
      this.filteredDeletes.add(deleting);
    }
    this.reportLag();
    return kept;
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

  private scaleUp(): void {
    const now = Date.now();
    if (this.pollers >= this.settings.maxPollers || now - this.lastScaleUp < SCALE_UP_EVERY_MS || this.ctx.signal.aborted) return;
    this.lastScaleUp = now;
    this.addPoller();
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
