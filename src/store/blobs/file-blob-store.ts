import { randomBytes, createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { assertBlobKey, BlobNotFoundError, type BlobStore } from './blob-store.js';
import { removeStaleTemps } from './stale-temp.js';

const TEMP_DIR = '.tmp';

/**
 * Blobs as files under `rootDir`, sharded by the first two hex digits (`ab/cdef…`) so no directory
 * grows huge. Writes go to a temp file that is fsynced and renamed into place, so a crash never leaves
 * a partial blob under its final name; the shard directory is fsynced so the rename itself survives.
 */
export class FileBlobStore implements BlobStore {
  private readonly rootDir: string;
  private sweptTemps: Promise<void> | undefined;

  constructor(rootDir: string) {
    this.rootDir = rootDir;
  }

  async put(data: Buffer): Promise<string> {
    const key = createHash('sha256').update(data).digest('hex');
    if (await this.has(key)) return key;
    await this.sweepOnce();
    const tempDir = join(this.rootDir, TEMP_DIR);
    await fs.mkdir(tempDir, { recursive: true });
    const tempPath = join(tempDir, `${key}.${randomBytes(6).toString('hex')}`);
    try {
      const handle = await fs.open(tempPath, 'wx', 0o600);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      const shardDir = join(this.rootDir, key.slice(0, 2));
      await fs.mkdir(shardDir, { recursive: true });
      await fs.rename(tempPath, this.pathOf(key));
      await syncDirectory(shardDir);
    } catch (error) {
      await fs.rm(tempPath, { force: true });
      throw error;
    }
    return key;
  }

  async get(key: string): Promise<Buffer> {
    assertBlobKey(key);
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BlobNotFoundError(key);
      throw error;
    }
  }

  async has(key: string): Promise<boolean> {
    assertBlobKey(key);
    try {
      return (await fs.stat(this.pathOf(key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await fs.rm(this.pathOf(key), { force: true });
  }

  /** Where the blob for `key` lives (for callers that stream it from disk instead of loading it). */
  pathOf(key: string): string {
    assertBlobKey(key);
    return join(this.rootDir, key.slice(0, 2), key.slice(2));
  }

  private sweepOnce(): Promise<void> {
    this.sweptTemps ??= removeStaleTemps(join(this.rootDir, TEMP_DIR), '').catch(() => undefined);
    return this.sweptTemps;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
