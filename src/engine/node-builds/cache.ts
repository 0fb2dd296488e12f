import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** A Node.js build unpacked in the runtime cache: `<cache>/node-<version>/bin/node`. */
export interface NodeBuild {
  /** '22.23.5'. */
  version: string;
  major: number;
  /** The build's install prefix, mounted read-only into the sandbox. */
  dir: string;
  interpreter: string;
}

/** A release version as it may become a directory name: digits and dots only, nothing a path could be made of. */
export const RELEASE_VERSION = /^(\d{1,5})\.(\d{1,5})\.(\d{1,5})$/;
const BUILD_DIR = /^node-(\d{1,5}\.\d{1,5}\.\d{1,5})$/;

/**
 * Where downloaded builds live: outside any data dir, so every server of the host (and every test)
 * shares one download. LAMBKIN_RUNTIME_CACHE, else $XDG_CACHE_HOME/lambkin/runtimes, else ~/.cache/lambkin/runtimes.
 */
export function runtimeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAMBKIN_RUNTIME_CACHE) return resolve(env.LAMBKIN_RUNTIME_CACHE);
  return join(env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache'), 'lambkin', 'runtimes');
}

export function buildDir(cacheDir: string, version: string): string {
  if (!RELEASE_VERSION.test(version)) throw new Error(`not a Node.js release version: ${JSON.stringify(version)}`);
  return join(cacheDir, `node-${version}`);
}

function buildAt(cacheDir: string, version: string): NodeBuild {
  const dir = buildDir(cacheDir, version);
  return { version, major: Number(version.split('.')[0]), dir, interpreter: join(dir, 'bin', 'node') };
}

/** The complete builds in the cache, newest first. Half-written ones are in dot-named dirs and never listed. */
export function cachedNodeBuilds(cacheDir: string): NodeBuild[] {
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return [];
  }
  return names
    .map((name) => BUILD_DIR.exec(name)?.[1])
    .filter((version): version is string => version !== undefined)
    .map((version) => buildAt(cacheDir, version))
    .filter((build) => existsSync(build.interpreter))
    .sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }));
}

/** The newest cached build of a major. */
export function cachedNode(cacheDir: string, major: number): NodeBuild | undefined {
  return cachedNodeBuilds(cacheDir).find((build) => build.major === major);
}

export function cachedBuildOf(cacheDir: string, version: string): NodeBuild | undefined {
  const build = buildAt(cacheDir, version);
  return existsSync(build.interpreter) ? build : undefined;
}
