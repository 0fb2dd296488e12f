import { promises as fs } from 'node:fs';
import { join } from 'node:path';

/** Long enough that no live write in any process is still using the file. */
export const STALE_TEMP_AGE_MS = 60 * 60 * 1000;

/**
 * Removes what a crashed writer left in `dir`: entries whose name starts with `prefix` and that have
 * not changed for `maxAgeMs`.
 */
export async function removeStaleTemps(dir: string, prefix: string, maxAgeMs = STALE_TEMP_AGE_MS): Promise<void> {
  const now = Date.now();
  const names = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const path = join(dir, name);
    const info = await fs.lstat(path).catch(() => undefined);
    if (info === undefined || now - info.mtimeMs < maxAgeMs) continue;
    await makeTreeWritable(path);
    await fs.rm(path, { recursive: true, force: true });
  }
}

/** Gives the owner write access again to every directory of a read-only tree, so it can be removed. */
export async function makeTreeWritable(path: string): Promise<void> {
  const info = await fs.lstat(path).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) return;
  await fs.chmod(path, (info.mode & 0o777) | 0o700);
  for (const entry of await fs.readdir(path, { withFileTypes: true })) {
    if (entry.isDirectory()) await makeTreeWritable(join(path, entry.name));
  }
}
