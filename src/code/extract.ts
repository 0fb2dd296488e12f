import { constants, promises as fs } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { Writable } from 'node:stream';
import type { EntryInfo } from './entry-kind.js';
import type { EntrySink } from './zip-walk.js';

const DEFAULT_FILE_MODE = 0o644;
const DIRECTORY_MODE = 0o755;
const CREATE_FILE = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

/**
 * Writes checked entries under `root`. Directories get a fixed mode (a zip's odd directory modes
 * would only get in the way of the files inside); files keep their Unix permission bits so a
 * `bootstrap` stays executable; modes are set explicitly so the process umask does not strip them.
 */
export class DirectorySink implements EntrySink {
  private readonly root: string;
  private readonly madeDirectories = new Set<string>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  async directory(entry: EntryInfo): Promise<void> {
    await this.makeDirectory(this.target(entry.path));
  }

  async file(entry: EntryInfo): Promise<Writable> {
    const path = this.target(entry.path);
    await this.makeDirectory(dirname(path));
    const handle = await fs.open(path, CREATE_FILE, DEFAULT_FILE_MODE);
    try {
      await handle.chmod(entry.mode ?? DEFAULT_FILE_MODE);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return handle.createWriteStream();
  }

  async symlink(entry: EntryInfo, target: string): Promise<void> {
    const path = this.target(entry.path);
    await this.makeDirectory(dirname(path));
    await fs.symlink(target, path);
  }

  /** Last line of defence: entry paths are already clean, but nothing may leave the root. */
  private target(relativePath: string): string {
    const path = resolve(this.root, relativePath);
    if (path !== this.root && !path.startsWith(this.root + sep)) throw new Error(`${relativePath} leaves the root`);
    return path;
  }

  /**
   * Creates `path` one level at a time, refusing to pass through a symlink, so that even a destination
   * that already held a tree (layers unpacked over each other) cannot redirect a write.
   */
  private async makeDirectory(path: string): Promise<void> {
    if (this.madeDirectories.has(path)) return;
    if (path === this.root) {
      await fs.mkdir(path, { recursive: true, mode: DIRECTORY_MODE });
    } else {
      await this.makeDirectory(dirname(path));
      try {
        await fs.mkdir(path, { mode: DIRECTORY_MODE });
        await fs.chmod(path, DIRECTORY_MODE);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const existing = await fs.lstat(path);
        if (!existing.isDirectory()) throw new Error(`${path} exists and is not a directory`);
      }
    }
    this.madeDirectories.add(path);
  }
}
