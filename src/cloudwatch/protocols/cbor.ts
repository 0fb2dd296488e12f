/**
 * The part of CBOR (RFC 8949) Smithy RPC v2 uses: maps, arrays, text and byte strings, integers, floats,
 * booleans, null and timestamps (tag 1, epoch seconds). Decoding accepts definite and indefinite lengths;
 * encoding writes definite lengths, integers as integers and other numbers as 64-bit floats.
 */

export type CborValue = null | undefined | boolean | number | string | Uint8Array | Date | CborValue[] | { [key: string]: CborValue };

export class CborError extends Error {}

const MAX_DEPTH = 64;

class Reader {
  private at = 0;
  constructor(private readonly bytes: Buffer) {}

  get done(): boolean { return this.at >= this.bytes.length; }

  private need(n: number): void {
    if (this.at + n > this.bytes.length) throw new CborError('Unexpected end of CBOR data');
  }

  private byte(): number {
    this.need(1);
    return this.bytes[this.at++]!;
  }

  /** The argument of a head: the value itself for ints, a length for strings and containers; -1 for indefinite. */
  private argument(info: number): number {
    if (info < 24) return info;
    if (info === 24) return this.byte();
    if (info === 25) { this.need(2); const v = this.bytes.readUInt16BE(this.at); this.at += 2; return v; }
    if (info === 26) { this.need(4); const v = this.bytes.readUInt32BE(this.at); this.at += 4; return v; }
    if (info === 27) {
      this.need(8);
      const v = this.bytes.readBigUInt64BE(this.at);
      this.at += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new CborError('CBOR integer too large');
      return Number(v);
    }
    if (info === 31) return -1;
    throw new CborError(`Invalid CBOR additional information ${info}`);
  }

  private isBreak(): boolean {
    this.need(1);
    if (this.bytes[this.at] !== 0xff) return false;
    this.at += 1;
    return true;
  }

  private chunks(major: number, length: number): Buffer {
    if (length >= 0) { this.need(length); const b = this.bytes.subarray(this.at, this.at + length); this.at += length; return b; }
    const parts: Buffer[] = [];
    while (!this.isBreak()) {
      const head = this.byte();
      if (head >> 5 !== major) throw new CborError('Invalid chunk in an indefinite-length CBOR string');
      parts.push(this.chunks(major, this.argument(head & 0x1f)));
    }
    return Buffer.concat(parts);
  }

  value(depth = 0): CborValue {
    if (depth > MAX_DEPTH) throw new CborError('CBOR data nested too deeply');
    const head = this.byte();
    const major = head >> 5;
    const info = head & 0x1f;
    switch (major) {
      case 0: return this.argument(info);
      case 1: return -1 - this.argument(info);
      case 2: return new Uint8Array(this.chunks(2, this.argument(info)));
      case 3: return this.chunks(3, this.argument(info)).toString('utf8');
      case 4: {
        const length = this.argument(info);
        const list: CborValue[] = [];
        if (length < 0) while (!this.isBreak()) list.push(this.value(depth + 1));
        else for (let i = 0; i < length; i++) list.push(this.value(depth + 1));
        return list;
      }
      case 5: {
        const length = this.argument(info);
        const map: { [key: string]: CborValue } = Object.create(null);
        const entry = () => {
          const key = this.value(depth + 1);
          if (typeof key !== 'string') throw new CborError('CBOR map keys must be text strings');
          map[key] = this.value(depth + 1);
        };
        if (length < 0) while (!this.isBreak()) entry();
        else for (let i = 0; i < length; i++) entry();
        return map;
      }
      case 6: {
        const tag = this.argument(info);
        const tagged = this.value(depth + 1);
        if (tag === 1) {
          if (typeof tagged !== 'number') throw new CborError('A CBOR timestamp must be a number');
          return new Date(tagged * 1000);
        }
        return tagged;
      }
      default: return this.simple(info);
    }
  }

  private simple(info: number): CborValue {
    switch (info) {
      case 20: return false;
      case 21: return true;
      case 22: return null;
      case 23: return undefined;
      case 25: { this.need(2); const v = halfToNumber(this.bytes.readUInt16BE(this.at)); this.at += 2; return v; }
      case 26: { this.need(4); const v = this.bytes.readFloatBE(this.at); this.at += 4; return v; }
      case 27: { this.need(8); const v = this.bytes.readDoubleBE(this.at); this.at += 8; return v; }
      default: throw new CborError(`Unsupported CBOR simple value ${info}`);
    }
  }
}

function halfToNumber(half: number): number {
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  const sign = half & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

export function decodeCbor(bytes: Buffer): CborValue {
  const reader = new Reader(bytes);
  const value = reader.value();
  if (!reader.done) throw new CborError('Trailing bytes after the CBOR data');
  return value;
}

function head(major: number, value: number): Buffer {
  if (value < 24) return Buffer.of((major << 5) | value);
  if (value < 0x100) return Buffer.of((major << 5) | 24, value);
  if (value < 0x10000) { const b = Buffer.alloc(3); b[0] = (major << 5) | 25; b.writeUInt16BE(value, 1); return b; }
  if (value < 0x100000000) { const b = Buffer.alloc(5); b[0] = (major << 5) | 26; b.writeUInt32BE(value, 1); return b; }
  const b = Buffer.alloc(9);
  b[0] = (major << 5) | 27;
  b.writeBigUInt64BE(BigInt(value), 1);
  return b;
}

function encodeNumber(n: number): Buffer {
  if (Number.isSafeInteger(n)) return n >= 0 ? head(0, n) : head(1, -1 - n);
  const b = Buffer.alloc(9);
  b[0] = 0xfb;
  b.writeDoubleBE(n, 1);
  return b;
}

function encodeInto(value: CborValue, out: Buffer[]): void {
  if (value === null) { out.push(Buffer.of(0xf6)); return; }
  if (value === undefined) { out.push(Buffer.of(0xf7)); return; }
  if (typeof value === 'boolean') { out.push(Buffer.of(value ? 0xf5 : 0xf4)); return; }
  if (typeof value === 'number') { out.push(encodeNumber(value)); return; }
  if (typeof value === 'string') { const b = Buffer.from(value, 'utf8'); out.push(head(3, b.length), b); return; }
  if (value instanceof Date) { out.push(Buffer.of(0xc1), encodeNumber(value.getTime() / 1000)); return; }
  if (value instanceof Uint8Array) { out.push(head(2, value.length), Buffer.from(value)); return; }
  if (Array.isArray(value)) {
    out.push(head(4, value.length));
    for (const item of value) encodeInto(item, out);
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  out.push(head(5, entries.length));
  for (const [key, item] of entries) { encodeInto(key, out); encodeInto(item, out); }
}

export function encodeCbor(value: CborValue): Buffer {
  const out: Buffer[] = [];
  encodeInto(value, out);
  return Buffer.concat(out);
}
