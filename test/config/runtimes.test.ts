// The runtime → interpreter map a user can set, and a runtime the host cannot run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startLambkin } from '../support/server.js';
import { deploy, invoke } from '../api/invoke/helpers.js';

test('--runtime and LAMBKIN_RUNTIMES map runtime ids to interpreters', () => {
  assert.deepEqual(loadConfig({ runtime: ['python3.14=/opt/py/bin/python3.14'] }, {}).runtimeExecutables, { 'python3.14': '/opt/py/bin/python3.14' });
  assert.deepEqual(loadConfig({}, { LAMBKIN_RUNTIMES: 'nodejs22.x=/usr/bin/node,python3.9=/usr/bin/python3.9' }).runtimeExecutables,
    { 'nodejs22.x': '/usr/bin/node', 'python3.9': '/usr/bin/python3.9' });
  assert.throws(() => loadConfig({ runtime: ['python3.14'] }, {}), ConfigError);
});

// python3.14 is not installed on the machines Lambkin is tested on: mapped to another interpreter it runs.
const link = join(mkdtempSync(join(tmpdir(), 'lambkin-py-')), 'python3.14');
symlinkSync('/root/.pyenv/versions/3.12.1/bin/python3.12', link);
const server = await startLambkin({ args: ['--runtime', `python3.14=${link}`] });
const client = server.client();

test('a function of a mapped runtime runs on the interpreter it is mapped to', async () => {
  await deploy(client, 'mapped', { 'app.py': 'import sys\ndef handler(e, c):\n    return sys.version_info[:2]\n' }, { runtime: 'python3.14', handler: 'app.handler' });
  const out = await invoke(client, 'mapped');
  assert.equal(out.text, '[3, 12]');
});
