// Builds runtimes/node/bootstrap.cjs, the one file the engine starts for Node.js functions, from the
// modules in runtimes/node/. One CommonJS file starts faster than nine ES modules: Node skips resolving,
// linking and the ES module loader itself, which matters most on cold starts.
//
//   node runtimes/build-node-client.mjs          rewrite bootstrap.cjs
//   node runtimes/build-node-client.mjs --check  exit 1 when bootstrap.cjs is out of date
//
// The output is checked in (the runtime client has no install step); test/runtimes/node-bundle.test.ts
// fails when it no longer matches its sources.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const NODE_DIR = fileURLToPath(new URL('./node/', import.meta.url));
export const BUNDLE_PATH = `${NODE_DIR}bootstrap.cjs`;

const BANNER = [
  '// Generated from runtimes/node/*.mjs by runtimes/build-node-client.mjs: edit those, then rebuild.',
  // Strict from the first statement, as the ES modules it comes from are.
  '"use strict";',
  // The loader resolves user code relative to the runtime dir, as the modules do through import.meta.url.
  'const __runtimeModuleUrl = require("node:url").pathToFileURL(__filename).href;',
].join('\n');

/** A class renamed on a name clash would report another name (in logs, in `constructor.name`). */
function refuseRenamedClasses(bundle) {
  // The bundle writes `class X {}` as `var X = class {}`: the class takes its name from the binding.
  const declared = (text) => new Set([...text.matchAll(/\bclass\s+(?!extends\b)([A-Za-z_$][\w$]*)|\b([A-Za-z_$][\w$]*) = class\b/g)].map((m) => m[1] ?? m[2]));
  const sources = new Set();
  for (const file of readdirSync(NODE_DIR).filter((name) => name.endsWith('.mjs'))) {
    for (const name of declared(readFileSync(`${NODE_DIR}${file}`, 'utf8'))) sources.add(name);
  }
  const renamed = [...declared(bundle)].filter((name) => !sources.has(name));
  if (renamed.length) throw new Error(`classes renamed in the bundle (rename them in the sources): ${renamed.join(', ')}`);
}

/** The bundle's text for the current sources. */
export async function buildNodeClient() {
  const result = await build({
    entryPoints: [`${NODE_DIR}bootstrap.mjs`],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    legalComments: 'none',
    // No keepNames: it wraps every closure in a defineProperty call, paid per invoke for the closures
    // made per invoke. Classes keep their own names unless renamed on a clash, which the build refuses.
    charset: 'utf8',
    banner: { js: BANNER },
    define: { 'import.meta.url': '__runtimeModuleUrl' },
    logLevel: 'silent',
  });
  refuseRenamedClasses(result.outputFiles[0].text);
  // Paths in esbuild's module comments are relative to the working directory: make them stable.
  const text = result.outputFiles[0].text.replace(`${BANNER}\n"use strict";\n`, `${BANNER}\n`);
  return text.replace(/^\/\/ .*?(runtimes\/node\/\S+\.mjs)$/gm, '// $1');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await buildNodeClient();
  if (process.argv.includes('--check')) {
    const current = readFileSync(BUNDLE_PATH, 'utf8');
    if (current !== text) {
      console.error('runtimes/node/bootstrap.cjs is out of date: run node runtimes/build-node-client.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(BUNDLE_PATH, text);
    console.log(`wrote ${BUNDLE_PATH} (${text.length} bytes)`);
  }
}
