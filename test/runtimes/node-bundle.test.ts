import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error the build script is plain JavaScript without type declarations
import { BUNDLE_PATH, buildNodeClient } from '../../runtimes/build-node-client.mjs';
import { REPO_ROOT, invoke, snapshot, startHarness, writeCode, type Harness } from './harness.js';

describe('Node.js runtime client bundle', () => {
  it('bootstrap.cjs is current: it is what runtimes/build-node-client.mjs builds from runtimes/node/*.mjs', async () => {
    assert.equal(BUNDLE_PATH, join(REPO_ROOT, 'runtimes', 'node', 'bootstrap.cjs'));
    const built = (await buildNodeClient()) as string;
    assert.ok(
      readFileSync(BUNDLE_PATH, 'utf8') === built,
      'runtimes/node/bootstrap.cjs is out of date: run `node runtimes/build-node-client.mjs`',
    );
  });

  describe('as the engine runs it', () => {
    let h: Harness;
    before(() => {
      h = startHarness();
    });
    after(() => h.close());

    it('is the entry point, with no V8 flag (they would make Node discard its built-in code cache) and gc() all the same', async () => {
      const code = writeCode(h, {
        'index.js': [
          'exports.handler = async () => ({',
          '  entry: process.argv[1],',
          '  execArgv: process.execArgv,',
          '  gc: typeof gc,',
          '});',
          '',
        ].join('\n'),
      });
      const { body } = await invoke(h, snapshot(code, 'nodejs20.x', 'index.handler', { memorySize: 256 }));
      const out = body as { entry: string; execArgv: string[]; gc: string };
      assert.match(out.entry, /\/bootstrap\.cjs$/);
      assert.deepEqual(out.execArgv, ['--max-http-header-size=81920']);
      assert.equal(out.gc, 'function');
    });
  });
});
