import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, readdir, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Layers are merged into one tree per distinct layer list, so /opt shows every layer's files with later
 * layers winning file by file (binding whole layer dirs over each other would hide earlier layers).
 * Files are hard links where the filesystem allows (no copying), copies otherwise.
 */
const inFlight = new Map<string, Promise<string>>();

async function mergeInto(source: string, target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  for (const entry of await readdir(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (entry.isDirectory()) {
      const existing = await stat(to).catch(() => undefined);
      if (existing && !existing.isDirectory()) await rm(to, { force: true });
      await mergeInto(from, to);
      continue;
    }
    await rm(to, { recursive: true, force: true });
    if (entry.isSymbolicLink()) {
      await symlink(await readlink(from), to);
    } else {
      await link(from, to).catch(() => copyFile(from, to));
    }
  }
}

/** How long a replaced live merge is kept: the longest invocation still running in it may read /opt. */
const LIVE_MERGE_GRACE_MS = 900_000;
const liveBuilds = new Map<string, number>();

/**
 * A new merge per environment template when a layer is a hot-reload folder: its files change under it,
 * and a merge made once would keep the old ones (and miss new files).
 */
async function mergedAfresh(layerDirs: string[], base: string): Promise<string> {
  const generation = (liveBuilds.get(base) ?? 0) + 1;
  liveBuilds.set(base, generation);
  const target = `${base}.live-${process.pid}-${generation}`;
  for (const dir of layerDirs) await mergeInto(dir, target);
  const previous = `${base}.live-${process.pid}-${generation - 1}`;
  setTimeout(() => void rm(previous, { recursive: true, force: true }), LIVE_MERGE_GRACE_MS).unref();
  return target;
}

/**
 * Returns a directory holding the merged layers (the only layer itself when there is just one). `live`
 * says a layer is a folder that changes in place (hot reload): then each call merges anew.
 */
export function mergedLayers(layerDirs: string[], scratchDir: string, live = false): Promise<string | undefined> {
  if (layerDirs.length === 0) return Promise.resolve(undefined);
  if (layerDirs.length === 1) return Promise.resolve(layerDirs[0]);
  const key = createHash('sha256').update(layerDirs.join('\0')).digest('hex').slice(0, 32);
  if (live) return mergedAfresh(layerDirs, join(scratchDir, 'opt', key));
  const target = join(scratchDir, 'opt', key);
  let merging = inFlight.get(target);
  if (!merging) {
    merging = (async () => {
      if (await stat(target).catch(() => undefined)) return target;
      const building = `${target}.${process.pid}.${Date.now()}`;
      for (const dir of layerDirs) await mergeInto(dir, building);
      await rename(building, target).catch(async () => rm(building, { recursive: true, force: true }));
      return target;
    })();
    inFlight.set(target, merging);
  }
  return merging;
}
