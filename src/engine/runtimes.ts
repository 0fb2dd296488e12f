import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LambdaError } from '../errors/base.js';
import { InvalidRuntimeException } from '../errors/catalogue.js';

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

function pythonCandidates(version: string): string[] {
  const roots = [process.env.PYENV_ROOT, join(homedir(), '.pyenv'), '/root/.pyenv'].filter(
    (r): r is string => typeof r === 'string' && r.length > 0,
  );
  const found: string[] = [];
  for (const root of new Set(roots)) {
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

/** Resolves a runtime id to its interpreter; throws InvalidRuntimeException when the host lacks it. */
export function resolveRuntime(
  runtime: string,
  runtimeDir: string,
  overrides: Record<string, string> = {},
): RuntimeSpec {
  const node = NODE_RUNTIME.exec(runtime);
  if (node) {
    const interpreter = firstReal([overrides[runtime] ?? process.execPath]);
    if (!interpreter) throw noInterpreter(runtime, 'no node executable found');
    return {
      runtime,
      family: 'node',
      interpreter,
      prefix: prefixOf(interpreter),
      runtimeClientDir: join(runtimeDir, 'node'),
      // One generated file built from the modules next to it: it starts faster (runtimes/build-node-client.mjs).
      entry: 'bootstrap.cjs',
      languageVersion: node[1],
    };
  }
  const python = PYTHON_RUNTIME.exec(runtime);
  if (python) {
    const version = python[1]!;
    const override = overrides[runtime];
    const interpreter = firstReal(override ? [override] : pythonCandidates(version));
    if (!interpreter) throw noInterpreter(runtime, `no python${version} interpreter is installed`);
    return {
      runtime,
      family: 'python',
      interpreter,
      prefix: prefixOf(interpreter),
      runtimeClientDir: join(runtimeDir, 'python'),
      entry: 'bootstrap.py',
      languageVersion: version,
    };
  }
  if (PROVIDED_RUNTIME.test(runtime)) return { runtime, family: 'provided' };
  throw noInterpreter(runtime, 'this runtime is not supported');
}
