import { chmodSync, copyFileSync, linkSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A code tree listed ahead, so that attaching it to a pre-started sandbox is only the writes: one
 * mkdir, link or symlink per entry, in an order where every parent comes before its children.
 */
export interface TreeListing {
  /** Mode of the tree's root, given to the directory it is attached to. */
  rootMode: number;
  entries: TreeEntry[];
}

type TreeEntry =
  | { kind: 'dir'; path: string; mode: number }
  | { kind: 'file'; path: string }
  | { kind: 'symlink'; path: string; target: string };

/** Trees larger than this start the usual way: linking them one by one would cost more than it saves. */
export const MAX_ATTACHED_ENTRIES = 4096;

/**
 * Lists `dir`; undefined when it holds more than MAX_ATTACHED_ENTRIES entries or something other than
 * files, dirs and symlinks. It runs on a never-seen function's first invoke, so it asks only what a claim
 * needs: files are linked (their mode is their own), so only dirs are stat'ed; the root meanwhile.
 */
export async function listTree(dir: string): Promise<TreeListing | undefined> {
  const entries: TreeEntry[] = [];
  const walk = async (relative: string): Promise<boolean> => {
    for (const entry of await readdir(join(dir, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entries.length >= MAX_ATTACHED_ENTRIES) return false;
      if (entry.isSymbolicLink()) {
        entries.push({ kind: 'symlink', path, target: await readlink(join(dir, path)) });
      } else if (entry.isDirectory()) {
        entries.push({ kind: 'dir', path, mode: (await lstat(join(dir, path))).mode & 0o7777 });
        if (!(await walk(path))) return false;
      } else if (entry.isFile()) {
        entries.push({ kind: 'file', path });
      } else {
        return false;
      }
    }
    return true;
  };
  const [root, complete] = await Promise.all([lstat(dir), walk('')]);
  return complete ? { rootMode: root.mode & 0o7777, entries } : undefined;
}

/**
 * Makes `target` (an empty directory a sandbox shows read-only) hold the tree of `source`: files are
 * hard links (the same read-only inodes, nothing copied), copies where the two are on different file
 * systems. Directory modes are set last, since a read-only directory takes no new entries.
 */
export function attachTree(source: string, listing: TreeListing, target: string): void {
  let copy = false;
  for (const entry of listing.entries) {
    const to = join(target, entry.path);
    if (entry.kind === 'dir') {
      mkdirSync(to, { mode: 0o700 });
    } else if (entry.kind === 'symlink') {
      symlinkSync(entry.target, to);
    } else {
      const from = join(source, entry.path);
      if (!copy) {
        try {
          linkSync(from, to);
          continue;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
          copy = true;
        }
      }
      copyFileSync(from, to);
      chmodSync(to, statSync(from).mode & 0o7777);
    }
  }
  for (let i = listing.entries.length - 1; i >= 0; i--) {
    const entry = listing.entries[i]!;
    if (entry.kind === 'dir') chmodSync(join(target, entry.path), entry.mode);
  }
  chmodSync(target, listing.rootMode);
}
