import { promises as fs } from 'node:fs';
import { join } from 'node:path';

const WRITE_BITS = 0o222;

/** Clears every write bit under `dir` (symlinks have no mode of their own on Linux and are skipped). */
export async function makeTreeReadOnly(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeTreeReadOnly(path);
    else if (entry.isFile()) await clearWriteBits(path);
  }
  await clearWriteBits(dir);
}

async function clearWriteBits(path: string): Promise<void> {
  const { mode } = await fs.lstat(path);
  await fs.chmod(path, mode & 0o777 & ~WRITE_BITS);
}
