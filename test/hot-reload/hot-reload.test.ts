import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  CreateFunctionCommand, GetFunctionCommand, InvokeCommand, PublishLayerVersionCommand, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lambkin-hot-'));
  chmodSync(dir, 0o755);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function invoke(client: LambdaClient, name: string): Promise<unknown> {
  const out = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{}') }));
  assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
  return JSON.parse(Buffer.from(out.Payload!).toString());
}

/** Invokes until the answer is `expected` (the watcher's report is asynchronous), within a deadline. */
async function invokeUntil(client: LambdaClient, name: string, expected: unknown): Promise<unknown> {
  const deadline = Date.now() + 30_000;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await invoke(client, name);
    if (JSON.stringify(last) === JSON.stringify(expected)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(last, expected);
  return last;
}

test('hot reload: saves take effect on the next invoke with no deploy', async (t) => {
  const server = await startLambkin();
  const client = server.client();
  const dirs: string[] = [];
  t.after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  await t.test('a Node function sees an edited handler and an edited imported module, in a fresh environment', async () => {
    const dir = folder({
      'index.mjs': "import { word } from './lib.mjs';\nlet calls = 0;\nexport const handler = async () => ({ word, calls: ++calls });\n",
      'lib.mjs': "export const word = 'one';\n",
    });
    dirs.push(dir);
    await client.send(new CreateFunctionCommand({
      FunctionName: 'hot-node', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
      Code: { S3Bucket: 'hot-reload', S3Key: dir },
    }));
    assert.deepEqual(await invoke(client, 'hot-node'), { word: 'one', calls: 1 });
    assert.deepEqual(await invoke(client, 'hot-node'), { word: 'one', calls: 2 }); // warm, same module state
    writeFileSync(join(dir, 'lib.mjs'), "export const word = 'two';\n");
    // The module-level counter restarts: a new environment, no stale module cache.
    await invokeUntil(client, 'hot-node', { word: 'two', calls: 1 });
    writeFileSync(join(dir, 'index.mjs'), "import { word } from './lib.mjs';\nexport const handler = async () => ({ word, edited: true });\n");
    await invokeUntil(client, 'hot-node', { word: 'two', edited: true });

    const got = await client.send(new GetFunctionCommand({ FunctionName: 'hot-node' }));
    // The folder's current content.
    assert.equal(got.Configuration?.CodeSize, Buffer.byteLength("import { word } from './lib.mjs';\nexport const handler = async () => ({ word, edited: true });\n") + Buffer.byteLength("export const word = 'two';\n"));
    assert.match(got.Configuration?.CodeSha256 ?? '', /^[A-Za-z0-9+/]{43}=$/);
    assert.equal(got.Code?.RepositoryType, 'S3');
  });

  await t.test('a Python function sees an edited module it imports', async () => {
    const dir = folder({
      'app.py': 'import helper\n\ndef handler(event, context):\n    return {"value": helper.VALUE}\n',
      'helper.py': 'VALUE = 1\n',
    });
    dirs.push(dir);
    await client.send(new CreateFunctionCommand({
      FunctionName: 'hot-python', Runtime: 'python3.12', Handler: 'app.handler', Role: ROLE,
      Code: { S3Bucket: 'hot-reload', S3Key: dir },
    }));
    assert.deepEqual(await invoke(client, 'hot-python'), { value: 1 });
    writeFileSync(join(dir, 'helper.py'), 'VALUE = 2\n');
    await invokeUntil(client, 'hot-python', { value: 2 });
  });

  await t.test('the sandbox cannot write to the folder', async () => {
    const dir = folder({
      'index.mjs': "import { writeFileSync } from 'node:fs';\nexport const handler = async () => { try { writeFileSync('/var/task/new.txt', 'x'); return 'written'; } catch (e) { return e.code; } };\n",
    });
    dirs.push(dir);
    await client.send(new CreateFunctionCommand({
      FunctionName: 'hot-readonly', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
      Code: { S3Bucket: 'hot-reload', S3Key: dir },
    }));
    assert.equal(await invoke(client, 'hot-readonly'), 'EROFS');
  });

  await t.test('a layer in hot-reload mode is mounted live under /opt', async () => {
    const layer = folder({});
    dirs.push(layer);
    execFileSync('mkdir', ['-p', join(layer, 'nodejs', 'node_modules', 'greeting')]);
    writeFileSync(join(layer, 'nodejs', 'node_modules', 'greeting', 'index.js'), "module.exports = 'hello';\n");
    const published = await client.send(new PublishLayerVersionCommand({
      LayerName: 'hot-layer', Content: { S3Bucket: 'hot-reload', S3Key: layer }, CompatibleRuntimes: ['nodejs20.x'],
    }));
    const dir = folder({ 'index.js': "exports.handler = async () => require('greeting');\n" });
    dirs.push(dir);
    await client.send(new CreateFunctionCommand({
      FunctionName: 'hot-layered', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
      Code: { S3Bucket: 'hot-reload', S3Key: dir }, Layers: [published.LayerVersionArn!],
    }));
    assert.equal(await invoke(client, 'hot-layered'), 'hello');
    writeFileSync(join(layer, 'nodejs', 'node_modules', 'greeting', 'index.js'), "module.exports = 'bonjour';\n");
    await invokeUntil(client, 'hot-layered', 'bonjour');
  });

  await t.test('with two layers, a hot-reload layer stays live: an edit saved by rename and a new file both show', async () => {
    const base = folder({});
    const live = folder({});
    dirs.push(base, live);
    execFileSync('mkdir', ['-p', join(base, 'nodejs', 'node_modules', 'base'), join(live, 'nodejs', 'node_modules', 'word')]);
    writeFileSync(join(base, 'nodejs', 'node_modules', 'base', 'index.js'), "module.exports = 'base';\n");
    writeFileSync(join(live, 'nodejs', 'node_modules', 'word', 'index.js'), "module.exports = 'first';\n");
    const layers = [];
    for (const [name, dir] of [['hot-base', base], ['hot-live', live]] as const) {
      const out = await client.send(new PublishLayerVersionCommand({ LayerName: name, Content: { S3Bucket: 'hot-reload', S3Key: dir } }));
      layers.push(out.LayerVersionArn!);
    }
    const dir = folder({
      'index.js': "const { existsSync } = require('node:fs');\n"
        + "exports.handler = async () => [require('base'), require('word'), existsSync('/opt/nodejs/node_modules/word/extra.txt')];\n",
    });
    dirs.push(dir);
    await client.send(new CreateFunctionCommand({
      FunctionName: 'hot-two-layers', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
      Code: { S3Bucket: 'hot-reload', S3Key: dir }, Layers: layers,
    }));
    assert.deepEqual(await invoke(client, 'hot-two-layers'), ['base', 'first', false]);
    // Editors save by writing a new file and renaming it over the old one: a new inode, not an edit in place.
    const word = join(live, 'nodejs', 'node_modules', 'word');
    writeFileSync(join(word, 'extra.txt'), 'x');
    writeFileSync(join(word, '.index.js.swp'), "module.exports = 'second';\n");
    renameSync(join(word, '.index.js.swp'), join(word, 'index.js'));
    await invokeUntil(client, 'hot-two-layers', ['base', 'second', true]);
  });

  await t.test('bad paths get InvalidParameterValueException', async () => {
    const file = join(folder({ 'f.txt': 'x' }), 'f.txt');
    const cases: Array<[string, string]> = [
      ['relative/dir', "Invalid hot reload path 'relative/dir': the path must be absolute. Set S3Key to the absolute path of a directory on the Lambkin host."],
      ['/tmp/../etc', "Invalid hot reload path '/tmp/../etc': the path must not contain . or .. segments. Set S3Key to the absolute path of a directory on the Lambkin host."],
      ['/no/such/lambkin-dir', "Invalid hot reload path '/no/such/lambkin-dir': no such directory. Set S3Key to the absolute path of a directory on the Lambkin host."],
      [file, `Invalid hot reload path '${file}': not a directory. Set S3Key to the absolute path of a directory on the Lambkin host.`],
    ];
    for (const [path, message] of cases) {
      await assert.rejects(client.send(new CreateFunctionCommand({
        FunctionName: 'hot-bad', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
        Code: { S3Bucket: 'hot-reload', S3Key: path },
      })), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(err.name, 'InvalidParameterValueException');
        assert.equal(err.message, message);
        assert.equal(err.$metadata?.httpStatusCode, 400);
        return true;
      });
    }
  });

  await t.test('lambkin hot-reload creates, then repoints, a function', async () => {
    const bin = new URL('../../bin/lambkin.mjs', import.meta.url).pathname;
    const first = folder({ 'index.js': "exports.handler = async () => 'first';\n" });
    const second = folder({ 'index.js': "exports.handler = async () => 'second';\n" });
    dirs.push(first, second);
    const run = (dir: string) => execFileSync(process.execPath, [bin, 'hot-reload', 'hot-cli', dir, '--port', String(server.port)]).toString().trim();
    assert.equal(run(first), `hot-cli runs from ${first} (created); saves there take effect on the next invoke`);
    assert.equal(await invoke(client, 'hot-cli'), 'first');
    assert.equal(run(second), `hot-cli runs from ${second} (updated); saves there take effect on the next invoke`);
    assert.equal(await invoke(client, 'hot-cli'), 'second');
  });

  await t.test('boto3 creates a hot-reload function too', async () => {
    const dir = folder({ 'app.py': 'def handler(event, context):\n    return "from boto3"\n' });
    dirs.push(dir);
    const script = `
import boto3, json, sys
c = boto3.client('lambda', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='000000000000', aws_secret_access_key='x')
c.create_function(FunctionName='hot-boto', Runtime='python3.12', Handler='app.handler', Role='${ROLE}', Code={'S3Bucket': 'hot-reload', 'S3Key': sys.argv[2]})
print(json.loads(c.invoke(FunctionName='hot-boto')['Payload'].read()))
`;
    assert.equal(execFileSync('python3', ['-c', script, server.url, dir]).toString().trim(), 'from boto3');
  });
});
