import type { Entry } from 'yauzl';

export type EntryKind = 'file' | 'directory' | 'symlink';

export interface EntryInfo {
  kind: EntryKind;
  /** Path inside the code root, '/'-separated, without '.' or empty segments; '' for the root itself. */
  path: string;
  /** Permission bits to apply (no setuid/setgid/sticky), or undefined when the zip carries none. */
  mode: number | undefined;
}

const HOST_UNIX = 3;
const HOST_MACOS = 19;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** Unix mode from the external attributes, only when the archiver was a Unix one (Info-ZIP's rule). */
function unixMode(entry: Entry): number | undefined {
  const host = entry.versionMadeBy >>> 8;
  if (host !== HOST_UNIX && host !== HOST_MACOS) return undefined;
  const mode = entry.externalFileAttributes >>> 16;
  return mode === 0 ? undefined : mode;
}

/** Linux's NAME_MAX: a longer file name cannot be created, so such a package could never be unpacked. */
const MAX_SEGMENT_BYTES = 255;

/**
 * Splits an entry name into safe segments. Throws on absolute names, drive letters and `..` segments
 * even though yauzl already refuses them, so safety does not hinge on a library option, and on names
 * no file system would take, so a package accepted at upload can always be unpacked to run.
 */
export function safeSegments(name: string): string[] {
  if (name.includes('\0')) throw new Error(`NUL byte in entry name`);
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) throw new Error(`absolute entry name: ${name}`);
  const segments = slashed.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw new Error(`entry name escapes the root: ${name}`);
  if (segments.some((segment) => Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)) {
    throw new Error(`entry name has a segment over ${MAX_SEGMENT_BYTES} bytes: ${name}`);
  }
  return segments;
}

export function describeEntry(entry: Entry): EntryInfo {
  const name = entry.fileName;
  const path = safeSegments(name).join('/');
  const mode = unixMode(entry);
  const type = mode === undefined ? undefined : mode & S_IFMT;
  const permissions = mode === undefined || (mode & 0o777) === 0 ? undefined : mode & 0o777;
  if (type === S_IFLNK) return { kind: 'symlink', path, mode: permissions };
  if (name.endsWith('/') || name.endsWith('\\') || type === S_IFDIR) return { kind: 'directory', path, mode: permissions };
  return { kind: 'file', path, mode: permissions };
}
