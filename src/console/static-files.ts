/** The console's page: plain files from ./static, read once on first use (they ship with the server). */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathInside, UnsafePathError } from '../safe-path.js';

const STATIC_DIR = fileURLToPath(new URL('./static', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface StaticFile { type: string; body: Buffer }

const cache = new Map<string, Promise<StaticFile | undefined>>();

/** `relative` is the path under the console's prefix; '' is the page itself. */
export function staticFile(relative: string): Promise<StaticFile | undefined> {
  const path = relative === '' ? 'index.html' : relative;
  const cached = cache.get(path);
  if (cached) return cached;
  const loading = load(path);
  // Only what exists is kept: a stream of made-up paths must not grow the cache.
  void loading.then((file) => { if (file) cache.set(path, loading); });
  return loading;
}

async function load(path: string): Promise<StaticFile | undefined> {
  const type = TYPES[extname(path)];
  if (!type) return undefined;
  let file: string;
  try {
    file = pathInside(STATIC_DIR, ...path.split('/'));
  } catch (err) {
    if (err instanceof UnsafePathError) return undefined;
    throw err;
  }
  const body = await readFile(file).catch(() => undefined);
  return body ? { type, body } : undefined;
}
