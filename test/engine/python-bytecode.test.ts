import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harness, json, type Harness } from './helpers.js';

const PY = { runtime: 'python3.12', handler: 'app.handler' };

const REPORT_LOADERS = [
  'import json',
  'import sys',
  'import helpers.util',
  'def handler(event, context):',
  '    return {m: type(sys.modules[m].__loader__).__name__ for m in ("app", "helpers.util", "json")}',
  '',
].join('\n');

/** Every .pyc under the engine's bytecode dirs, as paths below their `task` dir. */
function compiledFiles(h: Harness): string[] {
  const root = join(h.dataDir, 'engine', 'bytecode');
  if (!existsSync(root)) return [];
  const found: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.pyc')) found.push(`${prefix}${entry.name}`);
    }
  };
  for (const key of readdirSync(root)) if (existsSync(join(root, key, 'task'))) walk(join(root, key, 'task'), '');
  return found.sort();
}

describe('Python function code compiled ahead', () => {
  let h: Harness;
  before(async () => {
    // A pre-started sandbox is claimed as it is: its interpreter has compiled already (bootstrap.py).
    h = await harness({ prestart: 0 });
    // The compiler starts with the first Python function created.
    h.engine.prepareRuntime('python3.12');
  });
  after(() => h.close());

  test('the function\'s modules load from bytecode compiled ahead; the standard library as usual', async (t) => {
    if (h.engine.sandbox.kind !== 'bwrap') return t.skip('needs the bwrap sandbox');
    // On a busy machine the compiler may come up late: functions created before it compile in the sandbox.
    let loaders: unknown;
    for (let attempt = 0; attempt < 20; attempt++) {
      const fn = h.codeFn(`ahead${attempt}`, { 'app.py': REPORT_LOADERS, 'helpers/__init__.py': '', 'helpers/util.py': 'X = 1\n' }, PY);
      loaders = json(await h.invoke(fn, {}));
      if ((loaders as Record<string, string>).app === 'TaskSourceLoader') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.deepEqual(loaders, { app: 'TaskSourceLoader', 'helpers.util': 'TaskSourceLoader', json: 'SourceFileLoader' });
    assert.ok(compiledFiles(h).includes('app.cpython-312.pyc'));
    assert.ok(compiledFiles(h).includes('helpers/util.cpython-312.pyc'));
  });

  test('code with more modules than are compiled ahead loads them from source, as without', async (t) => {
    if (h.engine.sandbox.kind !== 'bwrap') return t.skip('needs the bwrap sandbox');
    const files: Record<string, string> = { 'app.py': 'import sys\nimport m0\ndef handler(event, context):\n    return type(sys.modules["m0"].__loader__).__name__\n' };
    for (let i = 0; i < 300; i++) files[`m${i}.py`] = `X = ${i}\n`;
    const fn = h.codeFn('large', files, PY);
    await h.invoke(fn, {});
    // Judged on the next environment: the first may start before the code is listed.
    assert.equal(json(await h.invoke({ ...fn, envKey: `${fn.envKey}-again` }, {})), 'SourceFileLoader');
    assert.ok(!compiledFiles(h).includes('m299.cpython-312.pyc'));
  });

  test('a module whose source changed after it was compiled runs its new source', async (t) => {
    if (h.engine.sandbox.kind !== 'bwrap') return t.skip('needs the bwrap sandbox');
    const fn = h.codeFn('changed', { 'app.py': 'def handler(event, context):\n    return "old"\n' }, PY);
    assert.equal(json(await h.invoke(fn, {})), 'old');
    writeFileSync(join(fn.codeDir, 'app.py'), 'def handler(event, context):\n    return "new source"\n');
    assert.equal(json(await h.invoke({ ...fn, envKey: `${fn.envKey}-again` }, {})), 'new source');
  });

  test('a syntax error is still the function\'s own, and files linked from outside the code are not compiled', async (t) => {
    if (h.engine.sandbox.kind !== 'bwrap') return t.skip('needs the bwrap sandbox');
    const outside = join(h.root, 'outside.py');
    writeFileSync(outside, 'SECRET = "host file"\n');
    const fn = h.codeFn('broken', { 'app.py': 'def handler(event, context)\n    return 1\n', 'ok.py': 'Y = 2\n' }, PY);
    symlinkSync(outside, join(fn.codeDir, 'linked.py'));
    const r = await h.invoke(fn, {});
    assert.equal(json(r).errorType, 'Runtime.UserCodeSyntaxError');
    assert.match(json(r).errorMessage, /Syntax error in module 'app'/);
    const compiled = compiledFiles(h);
    assert.ok(compiled.includes('ok.cpython-312.pyc'));
    assert.ok(!compiled.some((f) => f.startsWith('linked.')));
  });

  test('a module over the size compiled ahead is left to the sandbox, and still loads', async (t) => {
    if (h.engine.sandbox.kind !== 'bwrap') return t.skip('needs the bwrap sandbox');
    const big = `X = "${'a'.repeat(4 * 1024 * 1024 + 1)}"\n`;
    const fn = h.codeFn('big-module', {
      'app.py': 'import big\ndef handler(event, context):\n    return len(big.X)\n',
      'big.py': big, 'small.py': 'Z = 3\n',
    }, PY);
    await h.invoke(fn, {});
    // Judged on the next environment: the first may start before the code is compiled.
    for (let attempt = 0; attempt < 20 && !compiledFiles(h).includes('small.cpython-312.pyc'); attempt++) await new Promise((r) => setTimeout(r, 250));
    assert.equal(json(await h.invoke({ ...fn, envKey: `${fn.envKey}-again` }, {})), 4 * 1024 * 1024 + 1);
    assert.ok(compiledFiles(h).includes('small.cpython-312.pyc'));
    assert.ok(!compiledFiles(h).includes('big.cpython-312.pyc'));
  });
});
