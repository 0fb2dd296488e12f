// `lambkin logs` run as a process: an unknown function is AWS's not-found error, naming where it was looked for, and exit code 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { deploy, invoke } from '../api/invoke/helpers.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/lambkin.mjs', import.meta.url).pathname;
const server = await startLambkin();
const client = server.client();

function logs(...args: string[]) {
  return run(process.execPath, [BIN, 'logs', ...args, '--port', String(server.port)], { timeout: 10_000 });
}

async function assertFails(args: string[], stderr: string, code = 1): Promise<void> {
  await assert.rejects(logs(...args), (err: { code: number; stdout: string; stderr: string }) => {
    assert.equal(err.code, code);
    assert.equal(err.stdout, '');
    assert.equal(err.stderr, stderr);
    return true;
  });
}

test('an unknown function is AWS\'s ResourceNotFoundException, with exit code 1', async () => {
  await assertFails(['nope'], 'lambkin: ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope\n');
});

test('--account and --region say where to look, and the error\'s ARN names them', async () => {
  await deploy(client, 'here', { 'index.js': 'exports.handler = async () => 1;\n' });
  await assertFails(['here', '--account', '123456789012', '--region', 'eu-west-1'],
    'lambkin: ResourceNotFoundException: Function not found: arn:aws:lambda:eu-west-1:123456789012:function:here\n');
});

test('a name that cannot be a function is AWS\'s InvalidParameterValueException, with exit code 1', async () => {
  await assertFails(['bad/name'],
    'lambkin: InvalidParameterValueException: Invalid function name: "bad/name". A function name is 1 to 64 letters, digits, hyphens or underscores.\n');
});

test('a server that is not there is a failure (exit code 1), not a usage error', async () => {
  await assert.rejects(run(process.execPath, [BIN, 'logs', 'x', '--port', '1']), (err: { code: number; stdout: string; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.equal(err.stdout, '');
    assert.equal(err.stderr, 'lambkin: cannot reach Lambkin at 127.0.0.1:1: ECONNREFUSED\n');
    return true;
  });
});

test('a deleted function\'s logs are still printed, as CloudWatch keeps them', async () => {
  await deploy(client, 'gone', { 'index.js': "exports.handler = async () => { console.log('last words'); return 1; };\n" });
  await invoke(client, 'gone');
  await client.send(new DeleteFunctionCommand({ FunctionName: 'gone' }));
  const { stdout } = await logs('gone');
  assert.match(stdout, /last words/);
});

test('the usage text lists every flag of `lambkin logs`', async () => {
  const { stdout } = await run(process.execPath, [BIN, 'logs', '--help']);
  const logsLine = stdout.split('\n').find((l) => l.includes('lambkin logs FUNCTION'));
  assert.equal(logsLine, 'usage: lambkin logs FUNCTION [--follow] [--host H] [--port P] [--region R] [--account ID]');
  for (const flag of ['--follow, -f', '--host H', '--port P', '--region R', '--account ID']) {
    assert.ok(stdout.includes(`\n  ${flag} `), `${flag} is explained`);
  }
});

test('no function name is a usage error', async () => {
  await assert.rejects(run(process.execPath, [BIN, 'logs']), (err: { code: number; stderr: string }) => {
    assert.equal(err.code, 2);
    assert.equal(err.stderr, 'lambkin: logs needs a function name\n'
      + 'usage: lambkin logs FUNCTION [--follow] [--host H] [--port P] [--region R] [--account ID]\n'
      + 'run \'lambkin help logs\' for every option\n');
    return true;
  });
});
