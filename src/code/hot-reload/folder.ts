/**
 * Hot reload: code given as `S3Bucket: "hot-reload", S3Key: "/abs/dir"` (LocalStack's convention) is a
 * folder on this host, mounted read-only and live instead of a stored package. Its code key is the
 * folder's path behind a prefix no blob key (hex SHA-256) can have, so versions and layers carry it as any key.
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { InvalidParameterValueException } from '../../errors/catalogue.js';

export const DEFAULT_HOT_RELOAD_BUCKET = 'hot-reload';
const KEY_PREFIX = 'hot-reload:';

export function isHotReloadKey(key: string): boolean {
  return key.startsWith(KEY_PREFIX);
}

export function hotReloadDir(key: string): string {
  return key.slice(KEY_PREFIX.length);
}

function badPath(path: string, why: string): InvalidParameterValueException {
  return new InvalidParameterValueException(`Invalid hot reload path '${path}': ${why}. Set S3Key to the absolute path of a directory on the Lambkin host.`);
}

/** The folder as a code key, refused unless it is an absolute, normalized path of an existing directory. */
export async function hotReloadKey(path: string): Promise<string> {
  if (!isAbsolute(path)) throw badPath(path, 'the path must be absolute');
  if (path.includes('\0') || path.split('/').some((part) => part === '..' || part === '.') || normalize(path) !== path.replace(/(.)\/$/, '$1')) {
    throw badPath(path, 'the path must not contain . or .. segments');
  }
  if (path === '/') throw badPath(path, 'the root directory cannot be mounted');
  const found = await stat(path).catch(() => undefined);
  if (!found) throw badPath(path, 'no such directory');
  if (!found.isDirectory()) throw badPath(path, 'not a directory');
  // Mounted by its real path: a symlink swapped later cannot point the mount elsewhere.
  return KEY_PREFIX + (await realpath(path));
}

/** CodeSha256 and CodeSize of the folder's current content: a digest of every file's path and bytes, and their total size. */
export async function folderSummary(dir: string): Promise<{ codeSha256: string; codeSize: number; unzippedSize: number; fileCount: number }> {
  const hash = createHash('sha256');
  let size = 0;
  let files = 0;
  const walk = async (relative: string): Promise<void> => {
    const names = (await readdir(join(dir, relative))).sort();
    for (const name of names) {
      const path = relative ? `${relative}/${name}` : name;
      const info = await lstat(join(dir, path)).catch(() => undefined);
      if (!info) continue;
      if (info.isDirectory()) { await walk(path); continue; }
      if (!info.isFile()) continue;
      const bytes = await readFile(join(dir, path)).catch(() => Buffer.alloc(0));
      hash.update(`${path}\0${bytes.length}\0`).update(bytes);
      size += bytes.length;
      files++;
    }
  };
  await walk('');
  return { codeSha256: hash.digest('base64'), codeSize: size, unzippedSize: size, fileCount: files };
}

/** A configuration as GetFunction shows it: for a hot-reload folder, CodeSha256 and CodeSize of what it holds now. */
export async function withCurrentCode<T extends { CodeSha256?: string | undefined; CodeSize?: number | undefined }>(config: T, codeKey: string): Promise<T> {
  if (!isHotReloadKey(codeKey)) return config;
  const summary = await folderSummary(hotReloadDir(codeKey)).catch(() => undefined);
  return summary ? { ...config, CodeSha256: summary.codeSha256, CodeSize: summary.codeSize } : config;
}
