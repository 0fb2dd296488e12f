// `lambkin status` run as a process against a real server: functions with their idle and busy
// environments, the async queue and the mappings, as a table and as JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  CreateEventSourceMappingCommand, InvokeCommand, PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { deploy, eventually, invoke } from '../api/invoke/helpers.js';
import { invokeEvent } from '../async/helpers.js';
import type { StatusReport } from '../../src/status/report.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/lambkin.mjs', import.meta.url).pathname;
const server = await startLambkin({ args: ['--keep-alive', '600'] });
const client = server.client();
const other = server.client('123456789012');

function status(...args: string[]) {
  return run(process.execPath, [BIN, 'status', '--port', String(server.port), ...args], { timeout: 30_000 });
}

async function report(...args: string[]): Promise<StatusReport> {
  const { stdout, stderr } = await status('--json', ...args);
  assert.equal(stderr, '');
  return JSON.parse(stdout) as StatusReport;
}

test('an empty server says so in every section, with exit code 0', async () => {
  const { stdout, stderr } = await status('--account', '999999999999');
  assert.equal(stderr, '');
  assert.equal(stdout, 'Functions (0)\n  none\nEnvironments (0)\n  none\nAsync queue: 0 events\nEvent source mappings (0)\n  none\n');
});

test('a function invoked once has one warm environment, idle', async () => {
  await deploy(client, 'warm', { 'index.js': 'exports.handler = async () => 1;\n' });
  await invoke(client, 'warm');
  const { stdout } = await status('--account', '000000000000');
  const functions = stdout.slice(0, stdout.indexOf('Environments'));
  assert.equal(functions,
    'Functions (1)\n'
    + '  ACCOUNT       REGION     FUNCTION  RUNTIME     STATE   WARM  IDLE  BUSY  QUEUED\n'
    + '  000000000000  us-east-1  warm      nodejs20.x  Active     1     1     0       0\n');
  const environments = stdout.slice(stdout.indexOf('Environments'), stdout.indexOf('Async queue'));
  assert.match(environments, /^Environments \(1\)\n {2}ENVIRONMENT {3}ACCOUNT {7}REGION {5}FUNCTION {2}VERSION {2}STATE {2}UP SINCE\n {2}[0-9a-f]{12} {2}000000000000 {2}us-east-1 {2}warm {6}\$LATEST {2}idle {3}\d{4}-\d\d-\d\dT[\d:.]+Z\n$/);
});

test('an environment holding an invocation is busy, and idle again once it returns', async () => {
  await deploy(client, 'slow', { 'index.js': 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 5000)); return 1; };\n' }, { timeout: 60 });
  // Whatever the machine's speed, some status read falls inside an invocation: one is kept running until then.
  let running: Promise<unknown> | undefined;
  let done = true;
  const seen = await eventually(async () => {
    if (done) {
      done = false;
      running = client.send(new InvokeCommand({ FunctionName: 'slow' })).finally(() => { done = true; });
    }
    const { stdout } = await status('--account', '000000000000');
    const row = /\n {2}000000000000 {2}us-east-1 {2}slow {6}nodejs20\.x {2}Active {5}1 {5}0 {5}1 {7}0\n/.test(stdout);
    const env = /\n {2}[0-9a-f]{12} {2}000000000000 {2}us-east-1 {2}slow {6}\$LATEST {2}busy {3}/.test(stdout);
    return row && env ? stdout : undefined;
  }, 120_000);
  assert.ok(seen);
  await running;
  const after = await report('--account', '000000000000');
  assert.deepEqual(after.functions.find((f) => f.functionName === 'slow')!.environments, { warm: 1, idle: 1, busy: 0 });
});

test('events a throttled function cannot take wait in the async queue, counted per function', async () => {
  await deploy(other, 'held', { 'index.js': 'exports.handler = async () => 1;\n' });
  await other.send(new PutFunctionConcurrencyCommand({ FunctionName: 'held', ReservedConcurrentExecutions: 0 }));
  await invokeEvent(other, 'held', { n: 1 });
  await invokeEvent(other, 'held', { n: 2 });
  const now = await report('--account', '123456789012');
  assert.equal(now.asyncQueue.depth, 2);
  assert.deepEqual(now.asyncQueue.functions.map((f) => [f.functionArn, f.depth]), [['arn:aws:lambda:us-east-1:123456789012:function:held', 2]]);
  assert.equal(now.functions[0]!.queued, 2);
  const { stdout } = await status('--account', '123456789012');
  assert.match(stdout, /\nAsync queue: 2 events, oldest \d+ s\n {2}FUNCTION {45}DEPTH {2}OLDEST\n {2}arn:aws:lambda:us-east-1:123456789012:function:held {6}2 {2}\d+ s\n/);
});

test('a mapping is listed with its source, state and poller', async () => {
  const created = await other.send(new CreateEventSourceMappingCommand({
    FunctionName: 'held', EventSourceArn: 'arn:aws:sqs:us-east-1:123456789012:jobs', Enabled: false,
  }));
  const now = await report('--account', '123456789012');
  assert.deepEqual(now.eventSourceMappings.map((m) => [m.uuid, m.functionName, m.eventSourceArn, m.state]),
    [[created.UUID, 'held', 'arn:aws:sqs:us-east-1:123456789012:jobs', 'Disabled']]);
  const { stdout } = await status('--account', '123456789012');
  const mappings = stdout.slice(stdout.indexOf('Event source mappings'));
  const poller = now.eventSourceMappings[0]!.poller.state;
  assert.equal(mappings,
    'Event source mappings (1)\n'
    + `  UUID                                  FUNCTION  SOURCE                                   STATE     ${'POLLER'.padEnd(poller.length)}  LAG  LAST ERROR\n`
    + `  ${created.UUID}  held      arn:aws:sqs:us-east-1:123456789012:jobs  Disabled  ${poller.padEnd(6)}  0 s  -\n`);
});

test('without --account every account is shown; with it, only that one', async () => {
  const all = await report();
  assert.deepEqual(all.functions.map((f) => `${f.accountId}/${f.functionName}`), ['000000000000/slow', '000000000000/warm', '123456789012/held']);
  const one = await report('--account', '123456789012');
  assert.deepEqual(one.functions.map((f) => f.functionName), ['held']);
  assert.deepEqual(one.environments, []);
});

test('a bad account is a usage error (exit code 2); the endpoint answers AWS\'s 400 for it', async () => {
  await assert.rejects(status('--account', '12'), (err: { code: number; stdout: string; stderr: string }) => {
    assert.equal(err.code, 2);
    assert.equal(err.stdout, '');
    assert.equal(err.stderr, 'lambkin: account must be 12 digits: 12\n'
      + 'usage: lambkin status [--host H] [--port P] [--account ID] [--json] [--wait SECONDS]\n'
      + 'run \'lambkin help status\' for every option\n');
    return true;
  });
  const res = await fetch(`${server.url}/_lambkin/status?account=../x`);
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('x-amzn-errortype'), 'InvalidParameterValueException');
  assert.deepEqual(await res.json(), {
    Type: 'User', message: 'Invalid account: "../x". An account is 12 digits, e.g. 123456789012.',
  });
});

test('no server at the address is exit code 1 with the reason', async () => {
  await assert.rejects(run(process.execPath, [BIN, 'status', '--port', '1']), (err: { code: number; stdout: string; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.equal(err.stdout, '');
    assert.equal(err.stderr, 'lambkin: cannot reach Lambkin at 127.0.0.1:1: ECONNREFUSED\n');
    return true;
  });
});
