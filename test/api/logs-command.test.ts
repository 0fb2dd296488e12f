// `lambkin logs` run as a process: an unknown function is an error that says where it was looked for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { deploy, invoke } from './invoke/helpers.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/lambkin.mjs', import.meta.url).pathname;
const server = await startLambkin();
const client = server.client();

function logs(...args: string[]) {
  return run(process.execPath, [BIN, 'logs', ...args, '--port', String(server.port)], { timeout: 10_000 });
}

async function assertFails(args: string[], stderr: string): Promise<void> {
  await assert.rejects(logs(...args), (err: { code: number; stdout: string; stderr: string }) => {
    assert.equal(err.code, 2);
    assert.equal(err.stdout, '');
    assert.equal(err.stderr, stderr);
    return true;
  });
}

test('an unknown function is an error naming the account and region, with a non-zero exit', async () => {
  await assertFails(['nope'], 'lambkin: function nope does not exist in account 000000000000, region us-east-1 (and has no logs there)\n');
});

test('--account and --region say where to look, and the error names them', async () => {
  await deploy(client, 'here', { 'index.js': 'exports.handler = async () => 1;\n' });
  await assertFails(['here', '--account', '123456789012', '--region', 'eu-west-1'],
    'lambkin: function here does not exist in account 123456789012, region eu-west-1 (and has no logs there)\n');
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
  assert.equal(logsLine?.trim(), 'lambkin logs FUNCTION [--follow] [--host H] [--port P] [--region R] [--account ID]');
  for (const flag of ['--follow, -f', '--host H', '--port P', '--region R', '--account ID']) {
    assert.ok(stdout.includes(`\n  ${flag} `), `${flag} is explained`);
  }
});

test('no function name is a usage error', async () => {
  await assert.rejects(run(process.execPath, [BIN, 'logs']), (err: { code: number; stderr: string }) => {
    assert.equal(err.code, 2);
    assert.match(err.stderr, /^lambkin: logs needs a function name\nusage: lambkin /);
    return true;
  });
});
