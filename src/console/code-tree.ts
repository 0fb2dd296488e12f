/**
 * A function's unpacked code for the console's code tab: the file list, and one file's text. Paths come
 * from the request, so each one is taken apart into single segments (no `..`, no separators) and every
 * step is looked at with lstat: a symbolic link in the package is listed, never followed.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CodeCacheDep, StoreDep } from '../control/deps.js';
import type { Scope } from '../store/types.js';
import { InvalidParameterValueException, ResourceNotFoundException } from '../errors/catalogue.js';
import { pathInside, UnsafePathError } from '../safe-path.js';
import { requireVersion } from './function-lookup.js';

export type CodeTreeDeps = StoreDep & CodeCacheDep;

export interface CodeEntry { path: string; type: 'file' | 'directory' | 'symlink'; size: number }

/** What the viewer shows at most: a package of thousands of files or a large bundle is listed, not dumped. */
const MAX_ENTRIES = 5000;
const MAX_FILE_BYTES = 1024 * 1024;

async function walk(root: string, prefix: string, into: CodeEntry[]): Promise<void> {
  const names = (await readdir(join(root, prefix))).sort();
  for (const name of names) {
    if (into.length >= MAX_ENTRIES) return;
    const path = prefix ? `${prefix}/${name}` : name;
    const info = await lstat(join(root, path));
    const type = info.isSymbolicLink() ? 'symlink' : info.isDirectory() ? 'directory' : 'file';
    into.push({ path, type, size: info.size });
    if (type === 'directory') await walk(root, path, into);
  }
}

export async function listCode(deps: CodeTreeDeps, scope: Scope, name: string, qualifier: string | null): Promise<{ entries: CodeEntry[]; truncated: boolean }> {
  const version = await requireVersion(deps, scope, name, qualifier);
  const root = await deps.code.ensure(version.codeKey);
  const entries: CodeEntry[] = [];
  await walk(root, '', entries);
  return { entries, truncated: entries.length >= MAX_ENTRIES };
}

function segmentsOf(path: string | null): string[] {
  if (path === null || path === '') throw new InvalidParameterValueException('A file path is required: ?path=<file in the package>.');
  try {
    const segments = path.split('/');
    pathInside('/package', ...segments);
    return segments;
  } catch (err) {
    if (!(err instanceof UnsafePathError)) throw err;
    throw new InvalidParameterValueException(`Invalid path: ${JSON.stringify(path)}. A path names a file inside the package, without '..', '.' or empty parts.`);
  }
}

function notInPackage(path: string): ResourceNotFoundException {
  return new ResourceNotFoundException(`No file ${JSON.stringify(path)} in the function's code.`);
}

/** The file's bytes, with `binary` set when they are not UTF-8 text (and then no text is sent). */
export async function readCodeFile(deps: CodeTreeDeps, scope: Scope, name: string, qualifier: string | null, path: string | null): Promise<{ path: string; size: number; binary: boolean; text?: string }> {
  const segments = segmentsOf(path);
  const version = await requireVersion(deps, scope, name, qualifier);
  const root = await deps.code.ensure(version.codeKey);
  for (let i = 1; i <= segments.length; i++) {
    const info = await lstat(pathInside(root, ...segments.slice(0, i))).catch(() => undefined);
    const last = i === segments.length;
    if (!info || info.isSymbolicLink() || (last ? !info.isFile() : !info.isDirectory())) throw notInPackage(path!);
  }
  const file = pathInside(root, ...segments);
  const size = (await lstat(file)).size;
  if (size > MAX_FILE_BYTES) throw new InvalidParameterValueException(`The file is ${size} bytes; the viewer shows files of at most ${MAX_FILE_BYTES} bytes.`);
  const bytes = await readFile(file);
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    if (bytes.includes(0)) throw new Error('binary');
    return { path: path!, size, binary: false, text: text.decode(bytes) };
  } catch {
    return { path: path!, size, binary: true };
  }
}
