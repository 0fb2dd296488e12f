import type { RuntimeSpec } from './runtimes.js';
import { makeLaunchPlan } from './sandbox/launcher.js';
import { listTree } from './sandbox/attach.js';
import { OPT_SLOT, TASK_SLOT, type Attachment, type ZygoteShape } from './sandbox/zygotes.js';
import type { FunctionSnapshot } from './types.js';

/**
 * The variables of a function's environment the interpreter reads while it starts (search paths,
 * locale, time zone), which a pre-started sandbox must therefore have from its start. Every function
 * of one runtime has the same values for them; the rest of the environment arrives at the claim.
 */
const START_ENV_KEYS = ['PATH', 'LD_LIBRARY_PATH', 'LANG', 'LC_CTYPE', 'TZ', 'NODE_PATH', 'PYTHONPATH', 'PWD', 'SHLVL'];

/**
 * User variables the dynamic loader, libc, OpenSSL or the interpreter may read before the runtime
 * client runs (LD_PRELOAD, MALLOC_ARENA_MAX, NODE_OPTIONS, PYTHONWARNINGS, a PATH of its own...): a
 * function that sets one starts the usual way, so that they take effect exactly as on a normal start.
 */
const READ_AT_START = /^(LD_|MALLOC_|GLIBC_|LC_|LANG$|LANGUAGE$|TZ|PATH$|PWD$|SHLVL$|NODE_|UV_|OPENSSL_|SSL_|PYTHON)/;

/** The shape of pre-started sandbox that can serve `fn`, or undefined when it must start the usual way. */
export function zygoteShape(fn: FunctionSnapshot, spec: RuntimeSpec, bwrapPath: string, baseEnv: Record<string, string>): ZygoteShape | undefined {
  if (spec.family !== 'node' && spec.family !== 'python') return undefined;
  if (Object.keys(fn.environment).some((key) => READ_AT_START.test(key))) return undefined;
  const plan = makeLaunchPlan('bwrap', bwrapPath, { ...fn, codeDir: TASK_SLOT }, spec, OPT_SLOT);
  const startEnv: Record<string, string> = {};
  for (const key of START_ENV_KEYS) if (baseEnv[key] !== undefined) startEnv[key] = baseEnv[key];
  return { key: JSON.stringify([plan.file, plan.args, startEnv]), plan, startEnv };
}

/** The function's code and layers listed for attaching; undefined when a tree is too large for it. */
export async function attachmentOf(fn: FunctionSnapshot, optHost: string | undefined): Promise<Attachment | undefined> {
  const [code, opt] = await Promise.all([listTree(fn.codeDir), optHost ? listTree(optHost) : undefined]);
  if (!code || (optHost && !opt)) return undefined;
  return { codeDir: fn.codeDir, code, ...(optHost && opt ? { optDir: optHost, opt } : {}) };
}
