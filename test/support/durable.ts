/**
 * Durable workflows for tests: handler source written against the unchanged
 * `@aws/durable-execution-sdk-js`, bundled with it (and the `@aws-sdk/client-lambda` it calls) into one
 * file, as users deploy them. Bundles are kept per source for the rest of the test process.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { makeZip } from './zip.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const bundles = new Map<string, Promise<Buffer>>();

async function bundle(source: string): Promise<Buffer> {
  const out = await build({
    stdin: { contents: source, resolveDir: REPO_ROOT, sourcefile: 'index.mjs', loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  return makeZip({ 'index.js': Buffer.from(out.outputFiles[0]!.contents) });
}

/** A deployment package whose `index.handler` is the module `source` (ES module syntax; `export const handler`). */
export function workflowZip(source: string): Promise<Buffer> {
  const key = createHash('sha256').update(source).digest('hex');
  let zip = bundles.get(key);
  if (!zip) bundles.set(key, (zip = bundle(source)));
  return zip;
}

/** The runtime durable functions run on in tests: one AWS offers them on. */
export const DURABLE_RUNTIME = 'nodejs22.x';
