import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import type { Entry } from 'yauzl';
import { unzippedTooLarge, type ZipLimits } from './errors.js';

/** Real inflated bytes of the whole archive, shared by the verifiers of all its entries. */
export interface InflatedTally {
  bytes: number;
}

/**
 * Counts the bytes an entry really inflates to and stops the stream as soon as the archive passes the
 * unzipped limit or the entry passes its declared size (headers can lie; bytes cannot). At the end the
 * size and CRC-32 must match the central directory.
 */
export class EntryVerifier extends Transform {
  private bytes = 0;
  private crc = 0;

  constructor(
    private readonly entry: Entry,
    private readonly tally: InflatedTally,
    private readonly limits: ZipLimits,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    this.tally.bytes += chunk.length;
    if (this.tally.bytes > this.limits.maxUnzippedBytes) return done(unzippedTooLarge(this.limits));
    if (this.bytes > this.entry.uncompressedSize) {
      return done(new Error(`${this.entry.fileName} inflates past its declared ${this.entry.uncompressedSize} bytes`));
    }
    this.crc = crc32(chunk, this.crc);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.bytes !== this.entry.uncompressedSize) {
      return done(new Error(`${this.entry.fileName} inflates to ${this.bytes} bytes, not the declared ${this.entry.uncompressedSize}`));
    }
    if (this.crc !== this.entry.crc32) return done(new Error(`${this.entry.fileName} fails its CRC-32 check`));
    done();
  }
}
