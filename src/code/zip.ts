import { promises as fs } from 'node:fs';
import { Writable } from 'node:stream';
import { AWS_ZIP_LIMITS, type ZipLimits } from './errors.js';
import { DirectorySink } from './extract.js';
import { walkZip, type EntrySink, type ZipSummary } from './zip-walk.js';

export type { ZipSummary } from './zip-walk.js';
export type { ZipLimits } from './errors.js';
export { AWS_ZIP_LIMITS, MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES } from './errors.js';

/** Inflates every entry to count and verify it, writing nothing. */
const discardingSink: EntrySink = {
  async directory() {},
  async file() {
    return new Writable({ write: (_chunk, _encoding, done) => done() });
  },
  async symlink() {},
};

/**
 * Fully validates an uploaded deployment package without writing it anywhere. Throws AWS's errors:
 * RequestEntityTooLargeException (zipped size), InvalidParameterValueException (unzipped size, or
 * anything unreadable or unsafe in the archive).
 */
export async function inspectZip(zip: Buffer, limits: ZipLimits = AWS_ZIP_LIMITS): Promise<ZipSummary> {
  return walkZip(zip, limits, discardingSink);
}

/**
 * Validates and unpacks into `destDir` (created if missing). Nothing is ever written outside it, even
 * when it already holds symlinks (unpacking over an existing tree follows none of them). An archive
 * refused on its names, links or declared sizes writes nothing; one that fails while inflating may
 * leave part of its tree, so callers extract into a fresh directory they can discard.
 */
export async function extractZip(zip: Buffer, destDir: string, limits: ZipLimits = AWS_ZIP_LIMITS): Promise<ZipSummary> {
  const summary = await walkZip(zip, limits, new DirectorySink(destDir));
  await fs.mkdir(destDir, { recursive: true }); // an archive without entries still yields its root
  return summary;
}
