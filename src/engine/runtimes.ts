import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LambdaError } from '../errors/base.js';
import { InvalidRuntimeException } from '../errors/catalogue.js';
import { cachedNodeBuilds } from './node-builds/cache.js';

export type RuntimeFamily = 'node' | 'python' | 'provided';

/** How to start one runtime: resolved once per runtime id and cached. */
export interface RuntimeSpec {
  runtime: string;
  family: RuntimeFamily;
  /** Real path of the interpreter (undefined for provided runtimes). */
  interpreter?: string;
  /** Install prefix of the interpreter, made visible read-only inside the sandbox. */
  prefix?: string;
  /** Host dir mounted at /var/runtime (undefined: an empty dir). */
  runtimeClientDir?: string;
  /** Entry script name inside the runtime client dir. */
  entry?: string;
  /** 'python3.12' -> '3.12'; 'nodejs20.x' -> '20'. */
  languageVersion?: string;
  /** Set when the runtime's own version is not installed and the nearest one of its family runs it. */
  standIn?: StandIn;
}

/** The installed interpreter that runs a runtime whose own version the host lacks. */
export interface StandIn {
  /** 'python3.13', 'node 20.20.2'. */
  name: string;
  interpreter: string;
}

export interface ResolveOptions {
  /** Runtime id -> interpreter path, set by the user (--runtime). */
  overrides?: Record<string, string>;
  /** Refuse a runtime whose exact version is not installed instead of running it on the nearest. */
  strict?: boolean;
  /**
   * The Node builds this host downloads (node-builds/obtain.ts): a cached one counts as installed, and a
   * Node runtime with none is downloaded on first use rather than standing in, unless that failed.
   */
  nodeBuilds?: { cacheDir: string; failure(major: number): { reason: string } | undefined };
}

const NODE_RUNTIME = /^nodejs(\d+)\.x$/;
const PYTHON_RUNTIME = /^python(3\.\d+)$/;
const PROVIDED_RUNTIME = /^provided(\.al2|\.al2023)?$/;

function noInterpreter(runtime: string, detail: string): LambdaError {
  return new InvalidRuntimeException(`The runtime ${runtime} is not available on this Lambkin host: ${detail}`, { type: 'User' });
}

/** The install prefix of an interpreter binary: `<prefix>/bin/<name>`. */
function prefixOf(realBinary: string): string {
  return dirname(dirname(realBinary));
}

function pyenvRoots(): Set<string> {
  const roots = [process.env.PYENV_ROOT, join(homedir(), '.pyenv'), '/root/.pyenv'].filter(
    (r): r is string => typeof r === 'string' && r.length > 0,
  );
  return new Set(roots);
}

function pythonCandidates(version: string): string[] {
  const found: string[] = [];
  for (const root of pyenvRoots()) {
    const versions = join(root, 'versions');
    let entries: string[] = [];
    try {
      entries = readdirSync(versions);
    } catch {
      continue;
    }
    // Highest patch release first: 3.12.10 before 3.12.9.
    const matching = entries
      .filter((v) => v === version || v.startsWith(`${version}.`))
      .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    for (const v of matching) found.push(join(versions, v, 'bin', `python${version}`));
  }
  found.push(`/usr/local/bin/python${version}`, `/usr/bin/python${version}`);
  return found;
}

function firstReal(paths: string[]): string | undefined {
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const real = realpathSync(p);
    // pyenv shims are shell scripts under .pyenv/shims; they re-resolve on every start and need $HOME.
    if (real.includes('/.pyenv/shims/')) continue;
    return real;
  }
  return undefined;
}

/** Runtime ids Lambda offers today in the families Lambkin runs; the start-up warning covers these. */
export const CURRENT_RUNTIMES = [
  'nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x',
  'python3.9', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14',
];

/** The oldest Python the runtime client runs on (runtimes/python/bootstrap.py). */
const MIN_PYTHON_MINOR = 9;

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Minor versions of Python 3 installed here (pyenv, /usr/local/bin, /usr/bin) or mapped by the user. */
function installedPythonMinors(overrides: Record<string, string>): number[] {
  const minors = new Set<number>();
  for (const root of pyenvRoots()) {
    for (const v of safeList(join(root, 'versions'))) {
      const m = /^3\.(\d+)(\.\d+)?$/.exec(v);
      if (m && existsSync(join(root, 'versions', v, 'bin', `python3.${m[1]}`))) minors.add(Number(m[1]));
    }
  }
  for (const dir of ['/usr/local/bin', '/usr/bin']) {
    for (const name of safeList(dir)) {
      const m = /^python3\.(\d+)$/.exec(name);
      if (m) minors.add(Number(m[1]));
    }
  }
  for (const id of Object.keys(overrides)) {
    const m = PYTHON_RUNTIME.exec(id);
    if (m) minors.add(Number(m[1]!.slice(2)));
  }
  return [...minors].filter((minor) => minor >= MIN_PYTHON_MINOR);
}

/** The closest version to `wanted`; between two equally close, the newer (code for N rarely breaks on N+1). */
function nearest(wanted: number, available: number[]): number | undefined {
  let best: number | undefined;
  for (const v of available) {
    const better = best === undefined || Math.abs(v - wanted) < Math.abs(best - wanted)
      || (Math.abs(v - wanted) === Math.abs(best - wanted) && v > best);
    if (better) best = v;
  }
  return best;
}

const OWN_NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/**
 * Node majors available, with a name for each: those the user mapped with --runtime, the Node running
 * Lambkin, and the newest cached download of each major.
 */
function installedNodes(overrides: Record<string, string>, cacheDir: string | undefined): Map<number, { path: string; name: string }> {
  const nodes = new Map<number, { path: string; name: string }>();
  for (const [id, path] of Object.entries(overrides)) {
    const m = NODE_RUNTIME.exec(id);
    if (m) nodes.set(Number(m[1]), { path, name: id });
  }
  if (!nodes.has(OWN_NODE_MAJOR)) nodes.set(OWN_NODE_MAJOR, { path: process.execPath, name: `node ${process.versions.node}` });
  for (const build of cacheDir ? cachedNodeBuilds(cacheDir) : []) {
    if (!nodes.has(build.major)) nodes.set(build.major, { path: build.interpreter, name: `node ${build.version}` });
  }
  return nodes;
}

/** The major of a Node runtime that nothing mapped, installed or cached here runs: the one a download would bring. */
export function missingNodeMajor(runtime: string, options: ResolveOptions = {}): number | undefined {
  const m = NODE_RUNTIME.exec(runtime);
  if (!m) return undefined;
  const major = Number(m[1]);
  if (installedNodes(options.overrides ?? {}, options.nodeBuilds?.cacheDir).has(major)) return undefined;
  return major;
}

function resolveNode(runtime: string, major: number, options: ResolveOptions): {
  interpreter: string;
  standIn?: StandIn;
} {
  const overrides = options.overrides ?? {};
  const nodes = installedNodes(overrides, options.nodeBuilds?.cacheDir);
  const path = overrides[runtime] ?? nodes.get(major)?.path;
  if (path) {
    const interpreter = firstReal([path]);
    if (!interpreter) throw noInterpreter(runtime, `no node executable found at ${path}`);
    return { interpreter };
  }
  const failed = options.nodeBuilds?.failure(major);
  const missing = () => noInterpreter(runtime, `no Node.js ${major} executable is installed${failed ? ` and downloading it failed: ${failed.reason}` : ''}`);
  const strict = options.strict ?? false;
  const chosen = strict ? undefined : nearest(major, [...nodes.keys()]);
  if (chosen === undefined) throw missing();
  const standIn = nodes.get(chosen)!;
  const interpreter = firstReal([standIn.path]);
  if (!interpreter) throw missing();
  return { interpreter, standIn: { name: standIn.name, interpreter } };
}

function resolvePython(runtime: string, version: string, overrides: Record<string, string>, strict: boolean): {
  interpreter: string;
  standIn?: StandIn;
} {
  const override = overrides[runtime];
  const exact = firstReal(override ? [override] : pythonCandidates(version));
  if (exact) return { interpreter: exact };
  const missing = () => noInterpreter(runtime, `no python${version} interpreter is installed`);
  if (strict || override) throw missing();
  const chosen = nearest(Number(version.slice(2)), installedPythonMinors(overrides));
  if (chosen === undefined) throw missing();
  const other = `3.${chosen}`;
  const mapped = overrides[`python${other}`];
  const interpreter = firstReal(mapped ? [mapped] : pythonCandidates(other));
  if (!interpreter) throw missing();
  return { interpreter, standIn: { name: `python${other}`, interpreter } };
}

/**
 * Resolves a runtime id to its interpreter. A Node or Python runtime whose exact version the host lacks
 * runs on the nearest installed version of its family (`standIn` says which), unless `strict`; then, or
 * when nothing of the family is installed, it throws InvalidRuntimeException.
 */
export function resolveRuntime(runtime: string, runtimeDir: string, options: ResolveOptions = {}): RuntimeSpec {
  const overrides = options.overrides ?? {};
  const strict = options.strict ?? false;
  const node = NODE_RUNTIME.exec(runtime);
  if (node) {
    const { interpreter, standIn } = resolveNode(runtime, Number(node[1]), options);
    return {
      runtime,
      family: 'node',
      interpreter,
      prefix: prefixOf(interpreter),
      runtimeClientDir: join(runtimeDir, 'node'),
      // One generated file built from the modules next to it: it starts faster (runtimes/build-node-client.mjs).
      entry: 'bootstrap.cjs',
      languageVersion: node[1],
      ...(standIn ? { standIn } : {}),
    };
  }
  const python = PYTHON_RUNTIME.exec(runtime);
  if (python) {
    const version = python[1]!;
    const { interpreter, standIn } = resolvePython(runtime, version, overrides, strict);
    return {
      runtime,
      family: 'python',
      interpreter,
      prefix: prefixOf(interpreter),
      runtimeClientDir: join(runtimeDir, 'python'),
      entry: 'bootstrap.py',
      languageVersion: version,
      ...(standIn ? { standIn } : {}),
    };
  }
  if (PROVIDED_RUNTIME.test(runtime)) return { runtime, family: 'provided' };
  throw noInterpreter(runtime, 'this runtime is not supported');
}

/**
 * `python3.14 -> python3.13`: today's runtimes this host runs on another version (empty when strict).
 * A Node runtime that is downloaded on first use is not one of them.
 */
export function runtimeStandIns(runtimeDir: string, options: ResolveOptions = {}): string[] {
  if (options.strict) return [];
  const lines: string[] = [];
  for (const runtime of CURRENT_RUNTIMES) {
    if (options.nodeBuilds && NODE_RUNTIME.test(runtime)) continue;
    try {
      const spec = resolveRuntime(runtime, runtimeDir, options);
      if (spec.standIn) lines.push(`${runtime} -> ${spec.standIn.name}`);
    } catch {
      // Nothing of the family installed: invokes say so.
    }
  }
  return lines;
}
