import { close, open, write } from 'node:fs';
import { promisify } from 'node:util';

const openFile = promisify(open);
const closeFile = promisify(close);

/** Appends all of `data` (a write to a regular file may take less than it was given). */
function writeAll(fd: number, data: Buffer, offset = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    write(fd, data, offset, data.length - offset, null, (err, written) => {
      if (err) reject(err);
      else if (offset + written < data.length) writeAll(fd, data, offset + written).then(resolve, reject);
      else resolve();
    });
  });
}

/** What a stream asks of its store: to be written out soon, and to tell followers of each event. */
export interface StreamOwner {
  schedule(writer: LogStreamWriter): void;
  published(groupKey: string, logStreamName: string, timestamp: number, message: string): void;
}

/**
 * Appends events of one log stream, one JSON line per event. A write only queues the line (and tells
 * followers at once); the store writes queued lines out in batches, off the invoke path, one batch
 * at a time so lines land in the order they were written. Readers flush the store first.
 */
export class LogStreamWriter {
  private fd: number | undefined;
  private pending: string[] = [];
  private closed = false;
  /** Told when a batch cannot be written (a full or unwritable disk), once per run of failures. */
  onWriteError: (err: Error) => void = () => {};
  private failing = false;

  constructor(
    private readonly file: string,
    private readonly owner: StreamOwner,
    private readonly groupKey: string,
    readonly streamName: string,
  ) {}

  write(message: string, timestamp = Date.now()): void {
    // The same text as JSON.stringify({ timestamp, message }), without an object per line.
    this.pending.push(`{"timestamp":${timestamp},"message":${JSON.stringify(message)}}\n`);
    this.owner.schedule(this);
    this.owner.published(this.groupKey, this.streamName, timestamp, message);
  }

  /** No more lines are expected: the descriptor goes once the queued ones are out. Later output still lands. */
  close(): void {
    this.closed = true;
    this.owner.schedule(this);
  }

  /** Writes out the lines queued now. Called only by the store, which runs one batch at a time. */
  async writePending(): Promise<void> {
    if (this.pending.length > 0) {
      const text = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
      this.pending = [];
      await this.append(text);
    }
    if (this.closed && this.fd !== undefined && this.pending.length === 0) {
      const fd = this.fd;
      this.fd = undefined;
      await closeFile(fd).catch(() => {});
    }
  }

  private async append(text: string): Promise<void> {
    try {
      this.fd ??= await openFile(this.file, 'a');
      await writeAll(this.fd, Buffer.from(text));
      this.failing = false;
    } catch (err) {
      // The group was cleared (a reset) under a stream still writing: its lines go with it.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      if (this.failing) return;
      this.failing = true;
      this.onWriteError(err as Error);
    }
  }
}
