import { closeSync, openSync, readSync } from 'node:fs';

/**
 * A small kernel file (procfs, cgroupfs) read again and again on the invoke path: opened once, then
 * re-read from offset 0, which makes the kernel generate it afresh. That costs about a seventh of a
 * readFileSync (no open and close per read). Reads answer undefined once the file is gone.
 */
export class HeldFile {
  private fd?: number;
  private failed = false;
  private readonly buffer: Buffer;

  constructor(private readonly path: string, size = 64) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  read(): string | undefined {
    if (this.failed) return undefined;
    try {
      this.fd ??= openSync(this.path, 'r');
      const n = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
      return this.buffer.toString('latin1', 0, n);
    } catch {
      this.close();
      this.failed = true;
      return undefined;
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
    this.fd = undefined;
  }
}
