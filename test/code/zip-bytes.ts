/**
 * Builds zip archives byte by byte, including ones no honest archiver would write (names with `..`,
 * links out of the root, sizes that lie), to test the unpacker against hostile uploads.
 */
import zlib from 'node:zlib';

export interface RawEntry {
  name: string;
  /** Bytes stored in the archive: the raw deflate stream when `method` is 8. */
  stored: Buffer;
  method?: number;
  /** Size and CRC the headers claim; by default the truth about `stored` (for method 0). */
  declaredSize?: number;
  crc?: number;
  /** Unix mode (type and permission bits) put in the high half of the external attributes. */
  unixMode?: number;
}

const UNIX_HOST_VERSION = (3 << 8) | 20;

export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.method ?? 0;
    const size = entry.declaredSize ?? entry.stored.length;
    const crc = entry.crc ?? zlib.crc32(entry.stored);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(entry.stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(UNIX_HOST_VERSION, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(entry.stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.unixMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.stored);
    centrals.push(central, name);
    offset += local.length + name.length + entry.stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export function storedFile(name: string, content: string | Buffer, unixMode = 0o100644): RawEntry {
  return { name, stored: Buffer.from(content), unixMode };
}

export function symlinkEntry(name: string, target: string): RawEntry {
  return { name, stored: Buffer.from(target), unixMode: 0o120777 };
}

const MEBIBYTE = 1 << 20;

/**
 * A raw deflate stream of `mebibytes` MiB of zeros, about 1 KB per MiB, made without compressing the
 * whole thing: one fully flushed MiB repeats byte for byte, then an empty final block ends the stream.
 */
export function deflatedZeros(mebibytes: number): { stream: Buffer; size: number; crc: number } {
  const zeros = Buffer.alloc(MEBIBYTE);
  const block = zlib.deflateRawSync(zeros, { finishFlush: zlib.constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < mebibytes; i++) crc = zlib.crc32(zeros, crc);
  const stream = Buffer.concat([...Array<Buffer>(mebibytes).fill(block), Buffer.from([0x03, 0x00])]);
  return { stream, size: mebibytes * MEBIBYTE, crc };
}
