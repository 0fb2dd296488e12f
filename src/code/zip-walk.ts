import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { describeEntry, type EntryInfo } from './entry-kind.js';
import { EntryVerifier, type InflatedTally } from './entry-verifier.js';
import { asUnzipError, unzippedTooLarge, zippedTooLarge, type ZipLimits } from './errors.js';
import { TreePlan } from './tree-plan.js';

export interface ZipSummary {
  /** Base64 SHA-256 of the zip bytes, as AWS reports CodeSha256. */
  codeSha256: string;
  /** Size of the zip in bytes. */
  codeSize: number;
  /** Bytes really inflated from all entries. */
  unzippedSize: number;
  /** Regular files and symlinks (directories not counted). */
  fileCount: number;
}

/** Where the entries of a checked archive go. */
export interface EntrySink {
  directory(entry: EntryInfo): Promise<void>;
  /** A destination for the entry's verified bytes; it is destroyed if the entry turns out bad. */
  file(entry: EntryInfo): Promise<Writable>;
  /** Called after every file and directory, so nothing is ever written through a link. */
  symlink(entry: EntryInfo, target: string): Promise<void>;
}

interface LinkEntry {
  info: EntryInfo;
  target: string;
}

const OPEN_OPTIONS = { decodeStrings: true, strictFileNames: false, validateEntrySizes: false } as const;

/**
 * Checks an archive and feeds it to `sink`. A first pass reads only the central directory (plus the
 * tiny symlink bodies), so unsafe names, escaping links and declared sizes over the limit are refused
 * before a single file byte is inflated or written; the second pass inflates and verifies each entry.
 */
export async function walkZip(zip: Buffer, limits: ZipLimits, sink: EntrySink): Promise<ZipSummary> {
  if (zip.length > limits.maxZippedBytes) throw zippedTooLarge(limits);
  const codeSha256 = createHash('sha256').update(zip).digest('base64');
  const tally: InflatedTally = { bytes: 0 };
  try {
    const links = await planTree(zip, limits, tally);
    let fileCount = links.length;
    for await (const { entry, info, zipfile } of entriesOf(zip)) {
      if (info.kind === 'directory') await sink.directory(info);
      if (info.kind !== 'file') continue;
      const destination = await sink.file(info);
      const inflated = await zipfile.openReadStreamPromise(entry).catch((error: unknown) => {
        destination.destroy();
        throw error;
      });
      await pipeline(inflated, new EntryVerifier(entry, tally, limits), destination);
      fileCount++;
    }
    for (const link of links) await sink.symlink(link.info, link.target);
    return { codeSha256, codeSize: zip.length, unzippedSize: tally.bytes, fileCount };
  } catch (error) {
    throw asUnzipError(error);
  }
}

/** First pass: structure, declared sizes and symlink targets. Returns the links to create last. */
async function planTree(zip: Buffer, limits: ZipLimits, tally: InflatedTally): Promise<LinkEntry[]> {
  const plan = new TreePlan();
  const links: LinkEntry[] = [];
  let declaredBytes = 0;
  for await (const { entry, info, zipfile } of entriesOf(zip)) {
    declaredBytes += entry.uncompressedSize;
    if (declaredBytes > limits.maxUnzippedBytes) throw unzippedTooLarge(limits);
    plan.add(info);
    if (info.kind !== 'symlink') continue;
    const target = await readSmallEntry(zipfile, entry, tally, limits);
    plan.addLinkTarget(info.path, target);
    links.push({ info, target: target.toString('utf8') });
  }
  plan.checkLinks();
  return links;
}

async function* entriesOf(zip: Buffer): AsyncGenerator<{ entry: Entry; info: EntryInfo; zipfile: ZipFile }> {
  const zipfile = await yauzl.fromBufferPromise(zip, OPEN_OPTIONS);
  for await (const entry of zipfile.eachEntry()) yield { entry, info: describeEntry(entry), zipfile };
}

const SMALL_ENTRY_LIMIT = 4096;

async function readSmallEntry(zipfile: ZipFile, entry: Entry, tally: InflatedTally, limits: ZipLimits): Promise<Buffer> {
  if (entry.uncompressedSize > SMALL_ENTRY_LIMIT) throw new Error(`${entry.fileName} is too large for a symlink`);
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await pipeline(await zipfile.openReadStreamPromise(entry), new EntryVerifier(entry, tally, limits), collect);
  return Buffer.concat(chunks);
}
