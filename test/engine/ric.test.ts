import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { harness, json, repoRoot, type Harness } from './helpers.js';

// The official runtime interface client, unchanged, as a provided runtime's bootstrap.
const ric = join(repoRoot, 'node_modules', 'aws-lambda-ric', 'index.mjs');
let h: Harness;
before(async () => {
  // Process mode: the client lives in the repository's node_modules, which a sandbox would hide.
  h = await harness({ sandbox: 'process' });
});
after(() => h.close());

const files = {
  bootstrap: `#!/bin/sh\nexec ${process.execPath} ${ric} index.handler\n`,
  'index.mjs': `export const handler = async (event, context) => {
    if (event.fail) throw new TypeError('bad input');
    console.log('handled', context.awsRequestId);
    return { got: event, fn: context.functionName, rid: context.awsRequestId };
  };\n`,
};

test('aws-lambda-ric runs against the Runtime API: results, errors and logs', async () => {
  const fn = h.codeFn('ric', files, { handler: 'index.handler' });
  const ok = await h.invoke(fn, { a: 1 }, { tailLogs: true });
  assert.equal(ok.functionError, undefined, ok.payload.toString());
  assert.deepEqual(json(ok), { got: { a: 1 }, fn: 'ric', rid: ok.requestId });
  const tail = Buffer.from(ok.logTail!, 'base64').toString();
  assert.match(tail, new RegExp(`handled ${ok.requestId}`));
  const failed = await h.invoke(fn, { fail: true });
  assert.equal(failed.functionError, 'Unhandled');
  const body = json(failed);
  assert.equal(body.errorType, 'TypeError');
  assert.equal(body.errorMessage, 'bad input');
  const again = await h.invoke(fn, { b: 2 });
  assert.deepEqual(json(again).got, { b: 2 });
});

test('an import failure in aws-lambda-ric is reported through /runtime/init/error', async () => {
  const fn = h.codeFn('ricinit', files, { handler: 'missing.handler' });
  const r = await h.invoke(fn, {});
  assert.equal(r.functionError, 'Unhandled');
  const body = json(r);
  assert.equal(body.errorType, 'Runtime.ImportModuleError');
  assert.match(body.errorMessage, /^Error: Cannot find module 'missing'/);
});
