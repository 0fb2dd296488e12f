import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BYTECODE_SLOT } from './python-bytecode.js';
import type { RuntimeSpec } from './runtimes.js';

/**
 * The Python runtime client, compiled once per interpreter. Run as a script from the read-only
 * /var/runtime, Python would compile bootstrap.py on every cold start and never cache the result; run
 * as a .pyc it starts straight away. The compiled client lives in the engine's scratch dir next to a
 * copy of its source (for tracebacks), keyed by interpreter and source, so an edited client or another
 * interpreter gets its own.
 */
const COMPILE = 'import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], dfile=sys.argv[3], doraise=True)';
const COMPILE_TIMEOUT_MS = 30_000;
/** An empty dir where the sandbox shows the function's own compiled modules (python-bytecode.ts). */
const BYTECODE_MOUNT_POINT = basename(BYTECODE_SLOT);

const preparing = new Map<string, Promise<RuntimeSpec>>();

/**
 * The spec to launch: for Python, the compiled client's dir and `bootstrap.pyc`; otherwise `spec` itself.
 * `sandboxed` says whether the client dir appears at /var/runtime (bwrap) or at its host path.
 * Falls back to the source (with a warning) when compiling fails.
 */
export function preparedRuntimeClient(
  spec: RuntimeSpec,
  scratchDir: string,
  sandboxed: boolean,
  warn: (message: string) => void,
): Promise<RuntimeSpec> {
  if (spec.family !== 'python' || !spec.interpreter || !spec.runtimeClientDir || spec.entry !== 'bootstrap.py') {
    return Promise.resolve(spec);
  }
  const sourceDir = spec.runtimeClientDir;
  const files = clientFiles(sourceDir);
  if (!files.includes(spec.entry)) return Promise.resolve(spec);
  const hash = createHash('sha256').update(spec.interpreter).update(sandboxed ? '\0sandbox\0' : '\0host\0').update(`${BYTECODE_MOUNT_POINT}\0`);
  for (const name of files) hash.update(name).update('\0').update(readFileSync(join(sourceDir, name))).update('\0');
  const dir = join(scratchDir, 'runtime-clients', `python-${hash.digest('hex').slice(0, 32)}`);
  let prepared = preparing.get(dir);
  if (!prepared) {
    prepared = compileInto(spec, sourceDir, files, dir, sandboxed).then(
      () => ({ ...spec, runtimeClientDir: dir, entry: 'bootstrap.pyc' }),
      (err: Error) => {
        preparing.delete(dir);
        warn(`lambkin engine: running the ${spec.runtime} runtime client uncompiled: ${err.message}`);
        return spec;
      },
    );
    preparing.set(dir, prepared);
  }
  return prepared;
}

function clientFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort();
}

async function compileInto(spec: RuntimeSpec, sourceDir: string, files: string[], dir: string, sandboxed: boolean): Promise<void> {
  if (existsSync(join(dir, 'bootstrap.pyc'))) return;
  const building = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}`;
  mkdirSync(building, { recursive: true });
  try {
    for (const name of files) copyFileSync(join(sourceDir, name), join(building, name));
    mkdirSync(join(building, BYTECODE_MOUNT_POINT));
    // Tracebacks name the source where the process sees it.
    const shownAs = join(sandboxed ? '/var/runtime' : dir, spec.entry!);
    await run(spec.interpreter!, ['-I', '-c', COMPILE, join(building, spec.entry!), join(building, 'bootstrap.pyc'), shownAs]);
    try {
      renameSync(building, dir);
    } catch (err) {
      // Another engine sharing the data dir got there first: its copy is as good as ours.
      if (!existsSync(join(dir, 'bootstrap.pyc'))) throw err;
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: COMPILE_TIMEOUT_MS, env: { PATH: '/usr/bin:/bin' } }, (err, _stdout, stderr) => {
      if (err) reject(new Error(stderr.trim() || err.message));
      else resolve();
    });
  });
}
