import { cachedBuildOf, cachedNode, type NodeBuild } from './cache.js';
import { describeError, installNodeRelease, type DownloadProgress } from './download.js';
import { newestNodeRelease, type NodeRelease } from './registry.js';

/** After a failed download, the runtime runs on a stand-in this long before the download is tried again. */
export const RETRY_AFTER_MS = 5 * 60 * 1000;

export interface Installed {
  build: NodeBuild;
  /** False when the newest release was in the cache already. */
  downloaded: boolean;
}

/** Makes sure the cache holds the registry's newest release of a major, downloading it if not. */
export async function installNewestNode(
  major: number,
  cacheDir: string,
  registry: string,
  onProgress: (release: NodeRelease, p: DownloadProgress) => void,
): Promise<Installed> {
  const release = await newestNodeRelease(registry, major);
  const cached = cachedBuildOf(cacheDir, release.version);
  if (cached) return { build: cached, downloaded: false };
  return { build: await installNodeRelease(release, cacheDir, (p) => onProgress(release, p)), downloaded: true };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The server's source of Node builds for runtimes the host has no Node for: the cache, else a
 * download from the npm registry, started once however many environments wait for it. A failed
 * download is not tried again for RETRY_AFTER_MS; until then its runtime runs on a stand-in.
 */
export class NodeBuilds {
  private readonly downloads = new Map<number, Promise<NodeBuild>>();
  private readonly failures = new Map<number, { reason: string; retryAt: number }>();

  constructor(
    readonly cacheDir: string,
    private readonly registry: string,
    private readonly log: (message: string) => void,
  ) {}

  cached(major: number): NodeBuild | undefined {
    return cachedNode(this.cacheDir, major);
  }

  /** Why the last download of a major failed, while its retry waits. */
  failure(major: number): { reason: string; retryAt: number } | undefined {
    const failed = this.failures.get(major);
    return failed && Date.now() < failed.retryAt ? failed : undefined;
  }

  /** The cached build of a major, or one downloaded now; undefined when that fails (said once in the log). */
  async obtain(major: number): Promise<NodeBuild | undefined> {
    const cached = this.cached(major);
    if (cached) return cached;
    if (this.failure(major)) return undefined;
    let download = this.downloads.get(major);
    if (!download) {
      download = this.download(major).finally(() => this.downloads.delete(major));
      this.downloads.set(major, download);
    }
    return download.catch(() => undefined);
  }

  private async download(major: number): Promise<NodeBuild> {
    const runtime = `nodejs${major}.x`;
    const started = Date.now();
    let announced = false;
    let quarters = 0;
    try {
      const { build } = await installNewestNode(major, this.cacheDir, this.registry, (release, { received, total }) => {
        if (!announced) {
          this.log(`downloading Node.js ${release.version} for ${runtime} from ${release.tarball}${total ? ` (${megabytes(total)})` : ''}`);
          announced = true;
        }
        // A line per quarter: enough to see it move in a log without filling it.
        const quarter = total ? Math.floor((received / total) * 4) : 0;
        if (quarter > quarters && quarter < 4) {
          this.log(`downloading Node.js ${release.version}: ${quarter * 25}% of ${megabytes(total!)}`);
          quarters = quarter;
        }
      });
      this.failures.delete(major);
      this.log(`Node.js ${build.version} for ${runtime} is ready in ${build.dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return build;
    } catch (err) {
      const reason = describeError(err);
      const retryAt = Date.now() + RETRY_AFTER_MS;
      this.failures.set(major, { reason, retryAt });
      this.log(`WARNING: could not download Node.js ${major} for ${runtime} from ${this.registry}: ${reason}. `
        + `${runtime} runs on the nearest installed Node meanwhile; the download is tried again after `
        + `${new Date(retryAt).toISOString()} ('lambkin runtimes install ${runtime}' installs it now).`);
      throw err;
    }
  }
}
