// Invoke spot checks with AWS's own clients: boto3 and the AWS CLI v2, each creating a Node.js and a Python
// function and invoking them against a real Lambkin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLambkin } from '../support/server.js';

const run = promisify(execFile);
const here = new URL('.', import.meta.url).pathname;
/** The caller's environment without AWS_* settings, so only what the scripts set counts. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));

const server = await startLambkin();

test('boto3: results, a function error, the log tail, Event and a missing function', async () => {
  const { stdout } = await run('python3', [join(here, 'boto3_invoke.py'), server.url], { env, timeout: 60_000 });
  assert.deepEqual(JSON.parse(stdout), {
    node: { status: 200, version: '$LATEST', error: null, payload: { lang: 'node', doubled: 42, name: 'spot-node' } },
    failed: [200, 'Unhandled', 'Error', 'asked to fail'],
    python: {
      status: 200, version: '$LATEST', error: null, payload: { lang: 'python', squared: 144, name: 'spot-py' },
      log: ['START', 'python saw 12', 'END', 'REPORT'],
    },
    event: 202,
    missing: [404, 'Function not found: arn:aws:lambda:us-east-1:777777777777:function:spot-missing'],
  });
});

test('AWS CLI v2: create and invoke a Node.js and a Python function, and a payload that is not JSON', async () => {
  const work = mkdtempSync(join(tmpdir(), 'lambkin-cli-'));
  try {
    const { stdout } = await run('sh', [join(here, 'cli_invoke.sh'), server.url, work], { env, timeout: 60_000 });
    assert.equal(stdout, [
      '"Pending"',
      '"Pending"',
      '{',
      '    "StatusCode": 200,',
      '    "ExecutedVersion": "$LATEST"',
      '}',
      '{"lang":"node","greeting":"hello cli"}',
      '1',
      '{"lang": "python", "greeting": "hi cli"}',
      '',
      'An error occurred (InvalidRequestContentException) when calling the Invoke operation: Could not parse request body ' +
        "into json: Could not parse payload into json: Unrecognized token 'not': was expecting (JSON String, Number, Array, " +
        "Object or token 'null', 'true' or 'false')",
      ' at [Source: (byte[])"not json"; line: 1, column: 4]',
      'exit 254',
      '',
    ].join('\n'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
