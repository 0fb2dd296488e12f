import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import { buildDir, cachedBuildOf, type NodeBuild } from './cache.js';
import type { NodeRelease } from './registry.js';
import { extractTarFile } from './tar.js';

/** A download that receives nothing for this long is given up. */
const STALL_MS = 60_000;
const CHECK_TIMEOUT_MS = 30_000;
/** A dot-named dir this old is left over from a crashed download. */
const LEFTOVER_MS = 24 * 60 * 60 * 1000;

export interface DownloadProgress {
  received: number;
  /** From Content-Length; undefined when the registry does not say. */
  total?: number;
}

/** `fetch failed (connect ECONNREFUSED 127.0.0.1:9)`: fetch hides the reason in its cause. */
export function describeError(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string; code?: string } };
  const cause = e.cause?.message ?? e.cause?.code;
  return cause && cause !== e.message ? `${e.message} (${cause})` : String(e.message ?? err);
}

function removeLeftovers(cacheDir: string): void {
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith('.download-')) continue;
    const path = join(cacheDir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > LEFTOVER_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone already: another server cleaned it.
    }
  }
}

function versionOf(interpreter: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(interpreter, ['--version'], { timeout: CHECK_TIMEOUT_MS, env: {} }, (err, stdout) => {
      if (err) reject(new Error(`the downloaded node does not run here: ${describeError(err)}`));
      else resolve(stdout.trim());
    });
  });
}

/**
 * Downloads a release's tarball, checks it against the registry's SHA-512 and unpacks its `bin/node`
 * into the cache. It is written under a dot-named dir and renamed into place only once verified and
 * run, so a crash or a bad download never leaves a build that would later be used.
 */
export async function installNodeRelease(release: NodeRelease, cacheDir: string, onProgress: (p: DownloadProgress) => void): Promise<NodeBuild> {
  const target = buildDir(cacheDir, release.version);
  mkdirSync(cacheDir, { recursive: true });
  removeLeftovers(cacheDir);
  const staging = join(cacheDir, `.download-${release.version}-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(join(staging, 'bin'), { recursive: true });
  const abort = new AbortController();
  let stall: NodeJS.Timeout | undefined;
  const watch = () => {
    clearTimeout(stall);
    stall = setTimeout(() => abort.abort(new Error(`nothing received for ${STALL_MS / 1000} s`)), STALL_MS);
  };
  try {
    watch();
    const res = await fetch(release.tarball, { signal: abort.signal });
    if (!res.ok || !res.body) throw new Error(`${release.tarball} answered ${res.status}`);
    const length = Number(res.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : undefined;
    const hash = createHash('sha512');
    let received = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        watch();
        hash.update(chunk);
        received += chunk.length;
        onProgress({ received, ...(total ? { total } : {}) });
        done(null, chunk);
      },
    });
    let found = false;
    const interpreter = join(staging, 'bin', 'node');
    await pipeline(Readable.fromWeb(res.body as ReadableStream<Uint8Array>), measure, createGunzip(), async (tar: AsyncIterable<Buffer>) => {
      found = await extractTarFile(tar, 'package/bin/node', interpreter, 0o755);
    });
    clearTimeout(stall);
    if (hash.digest('base64') !== release.sha512) throw new Error(`${release.tarball} does not match the registry's SHA-512 integrity`);
    if (!found) throw new Error(`${release.tarball} has no package/bin/node`);
    const reported = await versionOf(interpreter);
    if (reported !== `v${release.version}`) throw new Error(`the downloaded node reports ${reported}, not v${release.version}`);
    try {
      renameSync(staging, target);
    } catch (err) {
      // Another server sharing the cache got there first: its copy is the same release, verified too.
      if (!cachedBuildOf(cacheDir, release.version)) throw err;
    }
    return cachedBuildOf(cacheDir, release.version)!;
  } finally {
    clearTimeout(stall);
    rmSync(staging, { recursive: true, force: true });
  }
}
