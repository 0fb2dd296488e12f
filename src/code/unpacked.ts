import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertBlobKey, type BlobStore } from '../store/blobs/index.js';
import { makeTreeWritable, removeStaleTemps } from '../store/blobs/stale-temp.js';
import { makeTreeReadOnly } from './read-only-tree.js';
import { extractZip } from './zip.js';
import { hotReloadDir, isHotReloadKey } from './hot-reload/folder.js';

const TEMP_PREFIX = '.tmp-';
const TRASH_PREFIX = '.trash-';

/**
 * Extracted code trees, one directory per blob key, for the engine to mount read-only. A tree is
 * unpacked into a temp directory and renamed into place whole, so its final name only ever holds a
 * complete, read-only tree; concurrent requests for one key share a single extraction.
 */
export class UnpackedCodeCache {
  private readonly rootDir: string;
  private readonly pending = new Map<string, Promise<string>>();
  private sweptTemps: Promise<void> | undefined;

  /** `liveFolder` is told of each hot-reload folder handed out (to watch it). */
  constructor(rootDir: string, private readonly blobs: BlobStore, private readonly liveFolder: (dir: string) => string = (dir) => dir) {
    this.rootDir = resolve(rootDir);
  }

  /** The absolute directory holding the tree for `key`, extracting it first if needed. */
  ensure(key: string): Promise<string> {
    // A hot-reload folder is used where it is, never copied.
    if (isHotReloadKey(key)) return Promise.resolve(this.liveFolder(hotReloadDir(key)));
    try {
      assertBlobKey(key);
    } catch (error) {
      return Promise.reject(error);
    }
    const running = this.pending.get(key);
    if (running !== undefined) return running;
    const extraction = this.ensureUncached(key).finally(() => this.pending.delete(key));
    this.pending.set(key, extraction);
    return extraction;
  }

  /** Removes the tree for `key`; environments that already mounted it keep their view of it. */
  async remove(key: string): Promise<void> {
    if (isHotReloadKey(key)) return;
    assertBlobKey(key);
    await this.pending.get(key)?.catch(() => undefined);
    const trash = join(this.rootDir, `${TRASH_PREFIX}${key}.${randomBytes(6).toString('hex')}`);
    try {
      await fs.rename(this.dirOf(key), trash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    await discard(trash);
  }

  private dirOf(key: string): string {
    return join(this.rootDir, key);
  }

  private async ensureUncached(key: string): Promise<string> {
    const dir = this.dirOf(key);
    if (await isDirectory(dir)) return dir;
    await fs.mkdir(this.rootDir, { recursive: true });
    await this.sweepOnce();
    const zip = await this.blobs.get(key);
    const temp = await fs.mkdtemp(join(this.rootDir, `${TEMP_PREFIX}${key}-`));
    try {
      await fs.chmod(temp, 0o755); // mkdtemp's 0700 would hide the tree from a sandbox's own user
      await extractZip(zip, temp);
      await makeTreeReadOnly(temp);
      await fs.rename(temp, dir);
    } catch (error) {
      await discard(temp);
      // Another process may have finished the same tree first; theirs is as good as ours.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && (await isDirectory(dir))) return dir;
      throw error;
    }
    return dir;
  }

  private sweepOnce(): Promise<void> {
    this.sweptTemps ??= Promise.all([
      removeStaleTemps(this.rootDir, TEMP_PREFIX),
      // Trash is never in use: it was renamed away before removal began.
      removeStaleTemps(this.rootDir, TRASH_PREFIX, 0),
    ]).then(() => undefined, () => undefined);
    return this.sweptTemps;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function discard(path: string): Promise<void> {
  await makeTreeWritable(path);
  await fs.rm(path, { recursive: true, force: true });
}
