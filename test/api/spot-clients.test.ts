/** One scenario through boto3 and the AWS CLI v2, with their exact outputs. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { startLambkin } from '../support/server.js';
import { makeZip } from '../support/zip.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = promisify(execFile);
const server = await startLambkin();
const SCRIPT = new URL('../spot/boto3_scenario.py', import.meta.url).pathname;

describe('other clients', { concurrency: true }, () => {
  it('boto3: create, wait, update, tag, list, delete', async () => {
    const { stdout } = await run('python3', [SCRIPT, server.url]);
    assert.deepEqual(JSON.parse(stdout), {
      state: 'Pending', arn: 'arn:aws:lambda:us-east-1:666666666666:function:spot', memory: 256, status: 'InProgress',
      listed: ['spot'], tags: { team: 'spot' }, deleted: 204,
      missing: ['ResourceNotFoundException', 'Function not found: arn:aws:lambda:us-east-1:666666666666:function:spot', 'User'],
    });
  });

  it('AWS CLI v2: create, update, list, tag, delete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambkin-cli-'));
    const zipPath = join(dir, 'fn.zip');
    writeFileSync(zipPath, await makeZip({ 'index.js': 'exports.handler = async (e) => e;\n' }));
    const env = { ...process.env, AWS_ACCESS_KEY_ID: '777777777777', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
    const aws = async (...args: string[]) => (await run('/usr/bin/aws', ['lambda', ...args, '--endpoint-url', server.url, '--output', 'json'], { env })).stdout;
    const created = JSON.parse(await aws('create-function', '--function-name', 'cli', '--runtime', 'nodejs20.x', '--handler', 'index.handler',
      '--role', 'arn:aws:iam::777777777777:role/r', '--zip-file', `fileb://${zipPath}`));
    assert.equal(created.FunctionArn, 'arn:aws:lambda:us-east-1:777777777777:function:cli');
    assert.equal(created.State, 'Pending');
    await aws('wait', 'function-active-v2', '--function-name', 'cli');
    const updated = JSON.parse(await aws('update-function-configuration', '--function-name', 'cli', '--timeout', '9'));
    assert.equal(updated.Timeout, 9);
    assert.equal(await aws('tag-resource', '--resource', created.FunctionArn, '--tags', 'team=cli'), '');
    assert.deepEqual(JSON.parse(await aws('list-tags', '--resource', created.FunctionArn)), { Tags: { team: 'cli' } });
    const names = JSON.parse(await aws('list-functions', '--query', 'Functions[].FunctionName'));
    assert.deepEqual(names, ['cli']);
    assert.equal(await aws('delete-function', '--function-name', 'cli'), '');
    await assert.rejects(aws('get-function', '--function-name', 'cli'), (err: { stderr: string; code: number }) => {
      assert.equal(err.code, 254);
      assert.equal(err.stderr.trim(), 'An error occurred (ResourceNotFoundException) when calling the GetFunction operation: Function not found: arn:aws:lambda:us-east-1:777777777777:function:cli');
      return true;
    });
  });
});
