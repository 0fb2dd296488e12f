import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harness, json, repoRoot, type Harness } from './helpers.js';
import { resolveRuntime } from '../../src/engine/runtimes.js';

const PYTHON = resolveRuntime('python3.12', join(repoRoot, 'runtimes')).interpreter!;

const REPORT_MAIN = [
  'import sys',
  'def handler(event, context):',
  '    main = sys.modules["__main__"]',
  '    return {"file": main.__file__, "loaded": sorted(m for m in ("logging", "traceback", "datetime") if m in sys.modules)}',
  '',
].join('\n');

describe('Python runtime client, compiled once per interpreter', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.close());

  test('runs from a compiled bootstrap.pyc kept in the scratch dir, next to a copy of its source and the mount point of the function\'s bytecode', async () => {
    const fn = h.codeFn('compiled', { 'app.py': REPORT_MAIN }, { runtime: 'python3.12', handler: 'app.handler' });
    const body = json(await h.invoke(fn, {}));
    const runtimePath = h.engine.sandbox.kind === 'bwrap' ? '/var/runtime' : undefined;
    if (runtimePath) assert.equal(body.file, `${runtimePath}/bootstrap.pyc`);
    else assert.match(body.file, /\/engine\/runtime-clients\/python-[0-9a-f]{32}\/bootstrap\.pyc$/);
    const clients = join(h.dataDir, 'engine', 'runtime-clients');
    const dirs = readdirSync(clients);
    assert.equal(dirs.length, 1);
    assert.deepEqual(readdirSync(join(clients, dirs[0]!)).sort(), ['bootstrap.py', 'bootstrap.pyc', 'bytecode']);
    assert.deepEqual(readdirSync(join(clients, dirs[0]!, 'bytecode')), []);
    assert.equal(
      readFileSync(join(clients, dirs[0]!, 'bootstrap.py'), 'utf8'),
      readFileSync(join(repoRoot, 'runtimes', 'python', 'bootstrap.py'), 'utf8'),
    );
  });

  test('a second function of the same runtime reuses the compiled client', async () => {
    const fn = h.codeFn('reuse', { 'app.py': REPORT_MAIN }, { runtime: 'python3.12', handler: 'app.handler' });
    assert.match(json(await h.invoke(fn, {})).file, /bootstrap\.pyc$/);
    assert.equal(readdirSync(join(h.dataDir, 'engine', 'runtime-clients')).length, 1);
  });

  test('logging, traceback and datetime are not imported for code that does not use them', async () => {
    const fn = h.codeFn('lean', { 'app.py': REPORT_MAIN }, { runtime: 'python3.12', handler: 'app.handler' });
    assert.deepEqual(json(await h.invoke(fn, {})).loaded, []);
  });

  test('code that imports logging finds Lambda\'s handler on the root logger, whoever imports it first', async () => {
    const fn = h.codeFn('logs', {
      'app.py': [
        'import logging.handlers',
        'import logging',
        'def handler(event, context):',
        '    logging.getLogger().warning("hello %s", event["who"])',
        '    root = logging.getLogger()',
        '    return [type(h).__name__ for h in root.handlers] + [type(logging.__loader__).__name__]',
        '',
      ].join('\n'),
    }, { runtime: 'python3.12', handler: 'app.handler' });
    const r = await h.invoke(fn, { who: 'you' }, { tailLogs: true });
    assert.deepEqual(json(r), ['LambdaLoggerHandler', 'SourceFileLoader']);
    const logs = Buffer.from(r.logTail!, 'base64').toString();
    assert.match(logs, new RegExp(`^\\[WARNING\\]\\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${r.requestId}\\thello you$`, 'm'));
  });
});

describe('Python runtime client when compiling fails', () => {
  let h: Harness;
  let wrapperRoot: string;
  const warnings: string[] = [];
  before(async () => {
    // An interpreter that cannot compile (every `-c` fails) but runs scripts.
    wrapperRoot = mkdtempSync(join(tmpdir(), 'lambkin-broken-python-'));
    const wrapper = join(wrapperRoot, 'bin', 'python3.12');
    mkdirSync(join(wrapperRoot, 'bin'));
    writeFileSync(wrapper, `#!/bin/sh\nfor a in "$@"; do [ "$a" = -c ] && { echo "no compiling here" >&2; exit 3; }; done\nexec ${PYTHON} "$@"\n`);
    chmodSync(wrapper, 0o755);
    h = await harness({ sandbox: 'process', runtimeExecutables: { 'python3.12': wrapper }, warn: (m) => warnings.push(m) });
  });
  after(async () => {
    await h.close();
    rmSync(wrapperRoot, { recursive: true, force: true });
  });

  test('runs the source instead and says why', async () => {
    const fn = h.codeFn('fallback', { 'app.py': REPORT_MAIN }, { runtime: 'python3.12', handler: 'app.handler' });
    const body = json(await h.invoke(fn, {}));
    assert.equal(body.file, join(repoRoot, 'runtimes', 'python', 'bootstrap.py'));
    assert.deepEqual(warnings.filter((w) => !w.includes('sandbox disabled') && !w.includes('nearest installed version')), [
      'lambkin engine: running the python3.12 runtime client uncompiled: no compiling here',
    ]);
    assert.deepEqual(readdirSync(join(h.dataDir, 'engine', 'runtime-clients')), []);
  });
});
