import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuntimeSpec } from './runtimes.js';
import { listTree } from './sandbox/attach.js';

/**
 * Function code compiled ahead, so that a Python cold start compiles nothing. The first compile() in a
 * process builds the `ast` module's types (about 3 ms here) before any code is compiled, and the
 * sandbox's /var/task is read-only, so no .pyc of the function is ever kept there: every cold start
 * paid for both. One compiler process per interpreter (already past that set-up) writes the .pyc of
 * every module of a code dir into a dir of its own; the sandbox shows it read-only at
 * /var/runtime/bytecode and the runtime client loads from it what is still fresh (bootstrap.py).
 *
 * Only source is compiled, never run: the compiler is given the regular files of the code dir (no
 * symlinks, so nothing outside it), reads each without following links and writes only bytecode.
 */

/** Where the sandbox sees a code dir's compiled modules: `<dir>/<path under /var/task>.<tag>.pyc`. */
export const BYTECODE_SLOT = '/var/runtime/bytecode';
/** The subdir of a bytecode dir holding the task root's modules (the runtime client checks it exists). */
const TASK_SUBDIR = 'task';
/** Larger code (vendored libraries) is left to compile what it imports: compiling all of it would cost more. */
const MAX_SOURCE_FILES = 256;
const DONE_MARK = '.complete';
/** A compiler that died is started again only this long after the last one started (a broken interpreter fails every time). */
const RESTART_AFTER_MS = 60_000;
/**
 * Function code is not trusted: compiled outside any sandbox, it gets bounds of its own. A source larger
 * than this is left to the sandbox, the compiler's memory is capped (a compile runs no code, but a
 * pathological module can make it grow), it runs at low priority, and a request unanswered this long
 * costs the compiler its life.
 */
const MAX_SOURCE_BYTES = 4 * 1024 * 1024;
const MAX_COMPILER_BYTES = 1024 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 30_000;

const COMPILER = `
import json, os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (${MAX_COMPILER_BYTES}, ${MAX_COMPILER_BYTES}))
os.nice(10)
from importlib._bootstrap_external import _code_to_timestamp_pyc
compile("", "<warm-up>", "exec")
tag = sys.implementation.cache_tag
sys.stdout.write("\\n")  # ready
sys.stdout.flush()
for line in sys.stdin:
    req = json.loads(line)
    for source, relative in req["files"]:
        try:
            fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(fd, "rb") as f:
                st = os.fstat(f.fileno())
                if st.st_size > ${MAX_SOURCE_BYTES}:
                    continue  # compiled in the sandbox, under its limits
                data = f.read()
            code = compile(data, req["shown"] + "/" + relative, "exec", dont_inherit=True)
        except Exception:
            continue  # the sandbox compiles it and reports its own error
        target = os.path.join(req["out"], relative[:-3] + "." + tag + ".pyc")
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            partial = target + ".partial"
            with open(partial, "wb") as f:
                f.write(_code_to_timestamp_pyc(code, st.st_mtime, st.st_size))
            os.replace(partial, target)
        except OSError:
            continue  # not written: compiled in the sandbox
    sys.stdout.write("\\n")
    sys.stdout.flush()
`;

/** One interpreter's compiler process: requests are answered in order, one line each. */
class Compiler {
  private readonly child: ChildProcess;
  private readonly waiting: Array<() => void> = [];
  private output = '';
  /** Past its start-up: a request is answered in about the time its compiling takes. */
  ready = false;
  gone = false;
  readonly startedAt = Date.now();

  constructor(interpreter: string) {
    this.child = spawn(interpreter, ['-I', '-S', '-c', COMPILER], { env: { PATH: '/usr/bin:/bin' }, stdio: ['pipe', 'pipe', 'ignore'] });
    this.child.on('error', () => this.fail());
    this.child.on('exit', () => this.fail());
    this.child.stdin!.on('error', () => this.fail());
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      let newline;
      while ((newline = this.output.indexOf('\n')) !== -1) {
        this.output = this.output.slice(newline + 1);
        if (this.ready) this.waiting.shift()?.();
        else this.ready = true;
      }
    });
  }

  compile(files: Array<[string, string]>, out: string, shown: string): Promise<void> {
    if (this.gone) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), REQUEST_TIMEOUT_MS);
      timer.unref();
      this.waiting.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.child.stdin!.write(`${JSON.stringify({ files, out, shown })}\n`);
    });
  }

  private fail(): void {
    this.gone = true;
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  close(): void {
    this.child.stdin!.end();
  }
}

export class PythonBytecode {
  private readonly compilers = new Map<string, Compiler>();
  /** Bytecode dirs compiled or being compiled by this engine. */
  private readonly compiling = new Set<string>();
  private closed = false;

  constructor(private readonly scratchDir: string) {
    // Dirs of an earlier run are not reused (their code may be gone): each run compiles what it starts.
    rmSync(join(scratchDir, 'bytecode'), { recursive: true, force: true });
  }

  /**
   * Starts the interpreter's compiler if it has none yet, so that a function created now finds it
   * running by its first invoke.
   */
  warm(spec: RuntimeSpec): void {
    if (spec.family === 'python' && spec.interpreter && !this.closed) this.compilerFor(spec.interpreter);
  }

  /**
   * The host dir to show at BYTECODE_SLOT for this code; undefined when nothing is compiled ahead for
   * it (not Python, code that changes in place, or the interpreter's compiler not yet up: it is started
   * for the next function). Compiling goes on while the sandbox starts: a module imported before its
   * .pyc is written (each appears whole) compiles from its source, as it would without one.
   */
  forCode(spec: RuntimeSpec, codeDir: string, liveCode: boolean): string | undefined {
    if (spec.family !== 'python' || !spec.interpreter || liveCode || this.closed) return undefined;
    const compiler = this.compilerFor(spec.interpreter);
    if (!compiler.ready) return undefined;
    let made: number;
    try {
      made = statSync(codeDir).mtimeMs;
    } catch {
      return undefined;
    }
    // Keyed by the code dir's own time too: code extracted again at the same path is compiled again.
    const key = `${spec.interpreter}\0${codeDir}\0${made}`;
    const dir = join(this.scratchDir, 'bytecode', createHash('sha256').update(key).digest('hex').slice(0, 32));
    if (!this.compiling.has(dir)) {
      this.compiling.add(dir);
      try {
        mkdirSync(join(dir, TASK_SUBDIR), { recursive: true });
      } catch {
        this.compiling.delete(dir);
        return undefined;
      }
      void this.compileInto(compiler, codeDir, dir).catch(() => this.compiling.delete(dir));
    }
    return dir;
  }

  /** The interpreter's compiler, started if it has none (or its last one died): not ready at first. */
  private compilerFor(interpreter: string): Compiler {
    let compiler = this.compilers.get(interpreter);
    if (!compiler || (compiler.gone && Date.now() - compiler.startedAt > RESTART_AFTER_MS)) {
      compiler = new Compiler(interpreter);
      this.compilers.set(interpreter, compiler);
    }
    return compiler;
  }

  private async compileInto(compiler: Compiler, codeDir: string, dir: string): Promise<void> {
    if (existsSync(join(dir, DONE_MARK))) return;
    const listing = await listTree(codeDir);
    const sources = listing?.entries.filter((e) => e.kind === 'file' && e.path.endsWith('.py')).map((e) => e.path) ?? [];
    if (sources.length === 0 || sources.length > MAX_SOURCE_FILES) {
      // Nothing compiled ahead: without the dir, the runtime client does not look here for each module.
      await rm(join(dir, TASK_SUBDIR), { recursive: true, force: true });
      return;
    }
    await compiler.compile(sources.map((path) => [join(codeDir, path), path]), join(dir, TASK_SUBDIR), '/var/task');
    if (!compiler.gone) writeFileSync(join(dir, DONE_MARK), '');
  }

  close(): void {
    this.closed = true;
    for (const compiler of this.compilers.values()) compiler.close();
    this.compilers.clear();
  }
}
