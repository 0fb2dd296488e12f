/**
 * Reads one shard in order through the adapter: keeps the iterator (getting a new one after the last
 * record read when it expires), buffers what a read returned beyond the current batch, and tells when
 * a closed shard has been read to its end.
 */
import type { RecordsPage, ShardInfo, ShardPosition, StreamAdapter } from './adapter.js';
import { compareSequenceNumbers } from './sequence.js';
import type { StreamRecord } from './record.js';

/** What the reader needs from the poller around it. */
export interface ReaderEnv<R> {
  adapter: StreamAdapter<R>;
  signal: AbortSignal;
  /** Builds the poller's view of a record (event record, filter verdict, size). */
  toRecord(raw: R): StreamRecord<R>;
  /** A read failed (source unreachable, stream gone, throttled): reported and backed off by the caller. */
  readFailed(err: unknown): Promise<void>;
  readSucceeded(count: number): void;
  /** Lists the shard again (undefined once the stream no longer lists it). */
  relist(shardId: string): Promise<ShardInfo | undefined>;
}

/** Most records one read asks for (Kinesis's GetRecords limit). */
const MAX_READ = 10_000;
/** Fewest records one read asks for: reading ahead of the batch saves a round trip per batch (DynamoDB Streams' limit). */
const READ_AHEAD = 1_000;
/** Empty reads of a closed shard, nothing read yet, after which it counts as read to its end. */
const EMPTY_READS_OF_CLOSED_SHARD = 3;

export class ShardReader<R> {
  private iterator: string | undefined;
  private readonly buffer: StreamRecord<R>[] = [];
  /** The last record read from the source, buffered or not: an expired iterator resumes after it. */
  private lastRead: string | undefined;
  private sourceEnded = false;
  private emptyReadsWhileClosed = 0;
  private ending: string | undefined;
  /** How far behind the stream's tip the last read was. */
  millisBehind = 0;
  /** The last read found nothing new: the shard is read up to its tip. */
  caughtUp = false;

  constructor(private readonly env: ReaderEnv<R>, readonly shard: ShardInfo, private readonly start: ShardPosition) {
    this.ending = shard.endingSequenceNumber;
    if (start.type === 'AFTER_SEQUENCE_NUMBER') this.lastRead = start.sequenceNumber;
  }

  /** Read to the end and nothing left buffered. */
  get ended(): boolean {
    return this.sourceEnded && this.buffer.length === 0;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  peek(): StreamRecord<R> | undefined {
    return this.buffer[0];
  }

  shift(): StreamRecord<R> | undefined {
    return this.buffer.shift();
  }

  /** Age of the oldest record not yet taken, or how far behind the last read was. */
  lagMs(now = Date.now()): number {
    const oldest = this.buffer[0];
    return Math.max(this.millisBehind, oldest ? now - oldest.arrival : 0);
  }

  /** One read from the source into the buffer; the number of records it returned (0 on a failed read). */
  async fill(wanted: number): Promise<number> {
    if (this.sourceEnded) return 0;
    let page: RecordsPage<R>;
    try {
      page = await this.read(Math.min(MAX_READ, Math.max(READ_AHEAD, wanted)));
    } catch (err) {
      if (this.env.signal.aborted) return 0;
      if (isExpiredIterator(err)) {
        this.iterator = undefined;
        return 0;
      }
      await this.env.readFailed(err);
      return 0;
    }
    this.env.readSucceeded(page.records.length);
    this.iterator = page.nextIterator;
    for (const raw of page.records) {
      const record = this.env.toRecord(raw);
      this.buffer.push(record);
      this.lastRead = record.sequenceNumber;
    }
    this.millisBehind = page.millisBehindLatest ?? 0;
    this.caughtUp = page.records.length === 0 && this.millisBehind === 0;
    if (page.nextIterator === undefined) this.sourceEnded = true;
    else if (page.records.length === 0) await this.noticeEnd(page).catch(() => undefined); // asked again on the next empty read
    else this.emptyReadsWhileClosed = 0;
    return page.records.length;
  }

  private async read(limit: number): Promise<RecordsPage<R>> {
    const { adapter, signal } = this.env;
    if (this.iterator === undefined) {
      const position: ShardPosition = this.lastRead !== undefined
        ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: this.lastRead }
        : this.start;
      this.iterator = await adapter.iterator(this.shard.shardId, position, signal);
    }
    return adapter.read(this.iterator, limit, signal);
  }

  /**
   * Some streams (emulators) keep handing out iterators for a closed shard after its last record: such a
   * shard counts as ended once it is caught up past the ending the stream reports now.
   */
  private async noticeEnd(page: RecordsPage<R>): Promise<void> {
    if (this.ending === undefined || (page.millisBehindLatest ?? 0) > 0) return;
    if (this.lastRead === undefined) {
      this.emptyReadsWhileClosed += 1;
      if (this.emptyReadsWhileClosed >= EMPTY_READS_OF_CLOSED_SHARD) this.sourceEnded = true;
      return;
    }
    if (compareSequenceNumbers(this.lastRead, this.ending) < 0) return;
    const current = await this.env.relist(this.shard.shardId);
    const ending = current ? current.endingSequenceNumber ?? this.ending : undefined;
    if (ending === undefined || compareSequenceNumbers(this.lastRead, ending) >= 0) this.sourceEnded = true;
    else this.ending = ending;
  }
}

function isExpiredIterator(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExpiredIteratorException' || err.name === 'ExpiredIterator');
}
