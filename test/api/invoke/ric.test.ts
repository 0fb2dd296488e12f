// AWS's own Node.js runtime interface client (npm aws-lambda-ric), shipped inside the deployment package
// of a provided.al2023 function and created and invoked through the API like any other function.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLambkin } from '../../support/server.js';
import { deploy, invoke, type Files } from './helpers.js';

const RIC_DIR = fileURLToPath(new URL('../../../node_modules/aws-lambda-ric', import.meta.url));
/** Only needed to build the native part, which ships prebuilt. */
const BUILD_ONLY = new Set(['deps', 'src', 'scripts', 'node-addon-api']);

function ricFiles(dir = RIC_DIR, files: Files = {}): Files {
  for (const name of readdirSync(dir)) {
    if (BUILD_ONLY.has(name)) continue;
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) ricFiles(path, files);
    else files[`ric/${relative(RIC_DIR, path)}`] = { data: readFileSync(path), mode: stat.mode & 0o777 };
  }
  return files;
}

const server = await startLambkin();
const client = server.client();

await deploy(client, 'with-ric', {
  ...ricFiles(),
  bootstrap: '#!/bin/sh\nexec node "$LAMBDA_TASK_ROOT/ric/index.mjs" "$_HANDLER"\n',
  'index.mjs': `export const handler = async (event, context) => {
      console.log('from the official client');
      return { event, requestId: context.awsRequestId, name: context.functionName, memory: context.memoryLimitInMB };
    };\n`,
}, { runtime: 'provided.al2023', handler: 'index.handler', memorySize: 256 });

describe('aws-lambda-ric as the runtime', () => {
  test('invocations get their event and context, and the log tail', async () => {
    for (const n of [1, 2]) {
      const r = await invoke(client, 'with-ric', { n }, { LogType: 'Tail' });
      assert.equal(r.functionError, undefined, r.text);
      const requestId = /^START RequestId: (\S+) /m.exec(r.log!)![1]!;
      assert.deepEqual(r.json(), { event: { n }, requestId, name: 'with-ric', memory: '256' });
      assert.match(r.log!, new RegExp(`\\t${requestId}\\tINFO\\tfrom the official client\\n`));
    }
  });

  test('a thrown error comes back as the client posted it', async () => {
    await deploy(client, 'with-ric-fails', {
      ...ricFiles(),
      bootstrap: '#!/bin/sh\nexec node "$LAMBDA_TASK_ROOT/ric/index.mjs" "$_HANDLER"\n',
      'index.mjs': 'export const fails = async () => { throw new RangeError("official failure"); };\n',
    }, { runtime: 'provided.al2023', handler: 'index.fails' });
    const r = await invoke(client, 'with-ric-fails');
    assert.equal(r.functionError, 'Unhandled');
    const body = r.json<{ errorType: string; errorMessage: string; trace: string[] }>();
    assert.deepEqual([body.errorType, body.errorMessage, body.trace[0]], ['RangeError', 'official failure', 'RangeError: official failure']);
  });
});
