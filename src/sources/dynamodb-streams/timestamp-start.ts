/**
 * DynamoDB Streams has no AT_TIMESTAMP iterator, yet the shared poller asks for one: it starts a LATEST
 * mapping at the time of its first poll, so that a restart before the first checkpoint skips nothing.
 * Such a start reads from TRIM_HORIZON and leaves out the records created before that time, until the
 * first one at or after it (a shard's records come in the order they were written). DynamoDB gives
 * creation times to the second: a time in whole seconds is compared with the timestamp's second (a
 * record of that second may run, none after it is skipped); a finer one (emulators) with the timestamp.
 */
import type { RecordsPage } from '../streams/adapter.js';

export class TimestampStarts<R> {
  /** Iterators still reading up to a start time, and that time (ms). */
  private readonly cuts = new Map<string, number>();

  private static atOrAfter(createdAt: number, cut: number): boolean {
    return createdAt % 1000 === 0 ? createdAt >= Math.floor(cut / 1000) * 1000 : createdAt >= cut;
  }

  constructor(private readonly createdAt: (record: R) => number) {}

  /** `iterator` was taken at TRIM_HORIZON to stand for AT_TIMESTAMP `timestamp`. */
  starting(iterator: string, timestamp: Date): void {
    this.cuts.set(iterator, timestamp.getTime());
  }

  /** The page read with `iterator`, without what came before its start time. */
  page(iterator: string, page: RecordsPage<R>): RecordsPage<R> {
    const cut = this.cuts.get(iterator);
    if (cut === undefined) return page;
    this.cuts.delete(iterator);
    const first = page.records.findIndex((record) => TimestampStarts.atOrAfter(this.createdAt(record), cut));
    if (first === -1 && page.nextIterator !== undefined) this.cuts.set(page.nextIterator, cut);
    return { ...page, records: first === -1 ? [] : page.records.slice(first) };
  }
}
