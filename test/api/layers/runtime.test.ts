// Layers at run time, through the API: what each runtime finds under /opt (modules, packages, a
// bootstrap, programs on PATH), several layers merged in order, and /opt read-only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateFunctionCommand, PublishLayerVersionCommand, waitUntilFunctionActiveV2, type LambdaClient, type Runtime,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { curlBootstrap } from '../../support/bootstraps.js';
import { makeZip } from '../../support/zip.js';
import { invoke, ROLE, type Files } from '../invoke/helpers.js';

const server = await startLambkin();
const client = server.client();

const executable = (data: string) => ({ data, mode: 0o755 });

async function publishLayer(name: string, files: Files): Promise<string> {
  const out = await client.send(new PublishLayerVersionCommand({ LayerName: name, Content: { ZipFile: await makeZip(files) } }));
  return out.LayerVersionArn!;
}

async function deployWithLayers(
  lambda: LambdaClient, name: string, files: Files, layers: string[], runtime: string, handler?: string,
): Promise<void> {
  await lambda.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: runtime as Runtime, Role: ROLE, Code: { ZipFile: await makeZip(files) }, Layers: layers,
    ...(handler ? { Handler: handler } : {}),
  }));
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 10 }, { FunctionName: name });
}

/** Invokes and returns the parsed result, failing with the function's error and log if it raised. */
async function result<T>(name: string, event: unknown = {}): Promise<T> {
  const r = await invoke(client, name, event, { LogType: 'Tail' });
  assert.equal(r.functionError, undefined, `${r.text}\n${r.log ?? ''}`);
  return r.json<T>();
}

describe('Node.js', () => {
  test('requires modules from nodejs/node_modules and nodejs/node20/node_modules, the versioned one first', async () => {
    const layer = await publishLayer('node-modules', {
      'nodejs/node_modules/greeter/index.js': "exports.greet = (n) => 'hello ' + n;\n",
      'nodejs/node_modules/shadowed/index.js': "module.exports = 'generic';\n",
      'nodejs/node20/node_modules/pinned/package.json': '{"name":"pinned","main":"main.js"}',
      'nodejs/node20/node_modules/pinned/main.js': "module.exports = 'for node 20';\n",
      'nodejs/node20/node_modules/shadowed/index.js': "module.exports = 'versioned';\n",
    });
    await deployWithLayers(client, 'node-layer', {
      'index.js': "exports.handler = async () => ({ greet: require('greeter').greet('layer'), pinned: require('pinned'), shadowed: require('shadowed') });\n",
    }, [layer], 'nodejs20.x', 'index.handler');
    assert.deepEqual(await result('node-layer'), { greet: 'hello layer', pinned: 'for node 20', shadowed: 'versioned' });
  });

  test('an ES module handler imports a layer package by name', async () => {
    const layer = await publishLayer('node-esm', { 'nodejs/node_modules/shout/index.js': 'module.exports = (s) => s.toUpperCase();\n' });
    await deployWithLayers(client, 'node-esm-layer', {
      'index.mjs': "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nexport const handler = async () => require('shout')('loud');\n",
    }, [layer], 'nodejs20.x', 'index.handler');
    assert.equal(await result('node-esm-layer'), 'LOUD');
  });
});

describe('Python', () => {
  test('imports packages from python/ and python/lib/python3.12/site-packages', async () => {
    const layer = await publishLayer('py-packages', {
      'python/plainpkg/__init__.py': 'WHERE = "python/"\n',
      'python/lib/python3.12/site-packages/sitepkg/__init__.py': 'WHERE = "site-packages"\n',
      'python/helper.py': 'def double(x):\n    return 2 * x\n',
    });
    await deployWithLayers(client, 'py-layer', {
      'app.py': 'import plainpkg, sitepkg, helper\n\ndef handler(event, context):\n    return {"plain": plainpkg.WHERE, "site": sitepkg.WHERE, "double": helper.double(21)}\n',
    }, [layer], 'python3.12', 'app.handler');
    assert.deepEqual(await result('py-layer'), { plain: 'python/', site: 'site-packages', double: 42 });
  });

  test('the function\'s own module wins over a layer module of the same name', async () => {
    const layer = await publishLayer('py-shadow', { 'python/common.py': 'ORIGIN = "layer"\n' });
    await deployWithLayers(client, 'py-shadow', {
      'common.py': 'ORIGIN = "function"\n',
      'app.py': 'import common\n\ndef handler(event, context):\n    return common.ORIGIN\n',
    }, [layer], 'python3.12', 'app.handler');
    assert.equal(await result('py-shadow'), 'function');
  });
});

const LAYER_BOOTSTRAP = curlBootstrap('{\\"bootstrap\\":\\"$0\\",\\"task\\":\\"$(cat "$LAMBDA_TASK_ROOT/message.txt")\\",\\"event\\":$EVENT}');

describe('provided.al2023', () => {
  test('runs /opt/bootstrap from a layer when the function has none', async () => {
    const layer = await publishLayer('custom-runtime', { bootstrap: executable(LAYER_BOOTSTRAP) });
    await deployWithLayers(client, 'provided-layer', { 'message.txt': 'from the function' }, [layer], 'provided.al2023', 'x.handler');
    assert.deepEqual(await result('provided-layer', { n: 1 }), { bootstrap: '/opt/bootstrap', task: 'from the function', event: { n: 1 } });
  });
});

describe('every runtime', () => {
  test('programs in a layer\'s bin/ are on PATH and its lib/ on LD_LIBRARY_PATH', async () => {
    const layer = await publishLayer('tools', { 'bin/layer-tool': executable('#!/bin/sh\necho "tool says $1"\n') });
    await deployWithLayers(client, 'node-tool', {
      'index.js': "const { execFileSync } = require('node:child_process');\nexports.handler = async () => ({ out: execFileSync('layer-tool', ['hi']).toString().trim(), path: process.env.PATH.split(':'), ld: process.env.LD_LIBRARY_PATH.split(':') });\n",
    }, [layer], 'nodejs20.x', 'index.handler');
    const node = await result<{ out: string; path: string[]; ld: string[] }>('node-tool');
    assert.equal(node.out, 'tool says hi');
    assert.ok(node.path.includes('/opt/bin'), node.path.join(':'));
    assert.ok(node.ld.includes('/opt/lib'), node.ld.join(':'));

    await deployWithLayers(client, 'py-tool', {
      'app.py': 'import subprocess\n\ndef handler(event, context):\n    return subprocess.run(["layer-tool", "py"], capture_output=True, text=True, check=True).stdout.strip()\n',
    }, [layer], 'python3.12', 'app.handler');
    assert.equal(await result('py-tool'), 'tool says py');
  });

  test('two layers merge in order: both layers\' files are there, and the later layer wins a file both have', async () => {
    const first = await publishLayer('merge-first', {
      'shared.txt': 'first', 'only-first.txt': 'first only',
      'nodejs/node_modules/which/index.js': "module.exports = 'first';\n",
    });
    const second = await publishLayer('merge-second', {
      'shared.txt': 'second', 'only-second.txt': 'second only',
      'nodejs/node_modules/which/index.js': "module.exports = 'second';\n",
    });
    const handler = "const fs = require('node:fs');\nconst read = (f) => fs.readFileSync('/opt/' + f, 'utf8');\nexports.handler = async () => ({ shared: read('shared.txt'), first: read('only-first.txt'), second: read('only-second.txt'), module: require('which') });\n";
    await deployWithLayers(client, 'merged-12', { 'index.js': handler }, [first, second], 'nodejs20.x', 'index.handler');
    assert.deepEqual(await result('merged-12'), { shared: 'second', first: 'first only', second: 'second only', module: 'second' });
    await deployWithLayers(client, 'merged-21', { 'index.js': handler }, [second, first], 'nodejs20.x', 'index.handler');
    assert.deepEqual(await result('merged-21'), { shared: 'first', first: 'first only', second: 'second only', module: 'first' });
  });

  test('layer content is read-only to the function', async () => {
    const layer = await publishLayer('read-only', { 'data.txt': 'original', 'python/mod.py': 'X = 1\n' });
    await deployWithLayers(client, 'node-ro', {
      'index.js': `const fs = require('node:fs');
const attempt = (f) => { try { f(); return 'allowed'; } catch (e) { return e.code; } };
exports.handler = async () => ({
  overwrite: attempt(() => fs.writeFileSync('/opt/data.txt', 'changed')),
  create: attempt(() => fs.writeFileSync('/opt/new.txt', 'x')),
  remove: attempt(() => fs.unlinkSync('/opt/python/mod.py')),
  content: fs.readFileSync('/opt/data.txt', 'utf8'),
});
`,
    }, [layer], 'nodejs20.x', 'index.handler');
    assert.deepEqual(await result('node-ro'), { overwrite: 'EROFS', create: 'EROFS', remove: 'EROFS', content: 'original' });
    await deployWithLayers(client, 'py-ro', {
      'app.py': 'def handler(event, context):\n    try:\n        open("/opt/python/mod.py", "w").write("X = 2\\n")\n        return "allowed"\n    except OSError as e:\n        return e.strerror\n',
    }, [layer], 'python3.12', 'app.handler');
    assert.equal(await result('py-ro'), 'Read-only file system');
  });
});
