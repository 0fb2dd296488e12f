import { open, type FileHandle } from 'node:fs/promises';

const BLOCK = 512;

/** A tar header's size field: octal text, or base-256 when its first byte has the high bit set. */
function entrySize(header: Buffer): number {
  const field = header.subarray(124, 136);
  if (field[0]! & 0x80) {
    let size = 0;
    for (let i = 1; i < field.length; i++) size = size * 256 + field[i]!;
    return size;
  }
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

function headerName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const ustar = header.subarray(257, 262).toString('latin1') === 'ustar';
  const prefix = ustar ? cString(header.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** The `path` record of a pax extended header (`<length> path=<value>\n` records). */
function paxPath(data: Buffer): string | undefined {
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = Number(data.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    if (record.startsWith('path=')) return record.slice('path='.length);
    at += length;
  }
  return undefined;
}

/**
 * Writes the one regular file named `wanted` in an uncompressed tar stream to `target` (created with
 * `mode`); every other entry is skipped, so nothing the archive names can land anywhere else. Reads
 * the stream to its end either way. Resolves with whether the file was found.
 */
export async function extractTarFile(tar: AsyncIterable<Buffer>, wanted: string, target: string, mode: number): Promise<boolean> {
  let pending: Buffer = Buffer.alloc(0);
  /** Bytes of the current entry's data still to come, and its padding. */
  let remaining = 0;
  let padding = 0;
  let out: FileHandle | undefined;
  let found = false;
  let ended = false;
  /** Collects a pax or GNU long-name header's data, which names the entry that follows. */
  let meta: { kind: 'pax' | 'longname'; chunks: Buffer[] } | undefined;
  let nextName: string | undefined;

  const startEntry = async (header: Buffer) => {
    if (header.every((b) => b === 0)) {
      ended = true;
      return;
    }
    const type = String.fromCharCode(header[156]!);
    const name = nextName ?? headerName(header);
    nextName = undefined;
    remaining = entrySize(header);
    padding = (BLOCK - (remaining % BLOCK)) % BLOCK;
    if (type === 'x') meta = { kind: 'pax', chunks: [] };
    else if (type === 'L') meta = { kind: 'longname', chunks: [] };
    else if ((type === '0' || type === '\0') && name === wanted && !found) out = await open(target, 'wx', mode);
  };

  const endData = async () => {
    if (out) {
      await out.close();
      out = undefined;
      // Only a file written to its last byte counts: a cut-off archive leaves it unfound.
      found = true;
    }
    if (meta) {
      const data = Buffer.concat(meta.chunks);
      nextName = meta.kind === 'pax' ? paxPath(data) : cString(data);
      meta = undefined;
    }
  };

  try {
    for await (const chunk of tar) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let at = 0;
      while (!ended) {
        if (remaining > 0) {
          const take = Math.min(remaining, pending.length - at);
          if (take === 0) break;
          const data = pending.subarray(at, at + take);
          if (out) await out.write(data);
          else meta?.chunks.push(Buffer.from(data));
          remaining -= take;
          at += take;
          if (remaining === 0) await endData();
          continue;
        }
        if (padding > 0) {
          const skip = Math.min(padding, pending.length - at);
          if (skip === 0) break;
          padding -= skip;
          at += skip;
          continue;
        }
        if (pending.length - at < BLOCK) break;
        await startEntry(pending.subarray(at, at + BLOCK));
        at += BLOCK;
        if (remaining === 0 && !ended) await endData();
      }
      pending = ended ? Buffer.alloc(0) : pending.subarray(at);
    }
  } finally {
    await out?.close();
  }
  return found;
}
