// The AWS CLI v2 and boto3 against the Logs API: `aws logs tail --follow` polls FilterLogEvents.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { after, describe, test } from 'node:test';
import { startLambkin } from '../support/server.js';
import { until } from '../support/timing.js';
import { deployWriter, writeLines } from './helpers.js';

const AWS_V2 = '/usr/bin/aws';
const server = await startLambkin();
const lambda = server.client();

const clientEnv = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '', PYTHONUNBUFFERED: '1',
  AWS_ENDPOINT_URL: server.url, AWS_EC2_METADATA_DISABLED: 'true',
};

function aws(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(AWS_V2, [...args, '--endpoint-url', server.url, '--region', 'us-east-1', '--output', 'json'], { env: clientEnv, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

await deployWriter(lambda, 'cli-fn');
await writeLines(lambda, 'cli-fn', ['ERROR from the cli test', 'all fine']);

describe('AWS CLI v2', () => {
  test('logs tail --follow prints past events, then new ones as they are written', async () => {
    const tail = spawn(AWS_V2, ['logs', 'tail', '/aws/lambda/cli-fn', '--follow', '--format', 'short', '--color', 'off', '--endpoint-url', server.url, '--region', 'us-east-1'], {
      env: clientEnv, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    tail.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    tail.stderr.on('data', (c: Buffer) => { err += c.toString(); });
    const exited = new Promise((resolve) => tail.once('exit', resolve));
    try {
      await until(`tail printed the earlier line (stdout: ${out}, stderr: ${err})`, () => out.includes('ERROR from the cli test'), 60_000);
      await writeLines(lambda, 'cli-fn', ['arrived while following']);
      await until(`tail printed the new line (stdout: ${out}, stderr: ${err})`, () => out.includes('arrived while following'), 60_000);
      // Each event once, though the CLI asks again from the newest timestamp it saw.
      assert.equal(out.split('ERROR from the cli test').length - 1, 1);
      assert.equal(out.split('arrived while following').length - 1, 1);
      assert.match(out, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d \S*START RequestId: /m);
    } finally {
      tail.kill('SIGINT');
      const killer = setTimeout(() => tail.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
  });

  test('logs tail without --follow and get-log-events', () => {
    const tail = spawnSync(AWS_V2, ['logs', 'tail', '/aws/lambda/cli-fn', '--format', 'short', '--color', 'off', '--endpoint-url', server.url, '--region', 'us-east-1'], {
      env: clientEnv, encoding: 'utf8', timeout: 120_000,
    });
    assert.equal(tail.status, 0, tail.stderr);
    assert.match(tail.stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d ERROR from the cli test$/m);
    const streams = JSON.parse(aws('logs', 'describe-log-streams', '--log-group-name', '/aws/lambda/cli-fn').stdout) as { logStreams: { logStreamName: string }[] };
    const r = aws('logs', 'get-log-events', '--log-group-name', '/aws/lambda/cli-fn', '--log-stream-name', streams.logStreams[0]!.logStreamName, '--start-from-head', '--limit', '2');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { events: { message: string }[]; nextForwardToken: string };
    assert.equal(out.events[1]!.message, 'ERROR from the cli test\n');
    assert.match(out.nextForwardToken, /^f\/\d{56}$/);
  });

  test('logs filter-log-events', () => {
    const r = aws('logs', 'filter-log-events', '--log-group-name', '/aws/lambda/cli-fn', '--filter-pattern', 'ERROR');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { events: { message: string; logStreamName: string; eventId: string }[] };
    assert.deepEqual(out.events.map((e) => e.message), ['ERROR from the cli test\n']);
    assert.match(out.events[0]!.logStreamName, /\[\$LATEST\]/);
  });

  test('logs describe-log-groups, and an error as the CLI shows it', () => {
    const r = aws('logs', 'describe-log-groups', '--log-group-name-prefix', '/aws/lambda/cli');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { logGroups: { logGroupName: string; arn: string }[] };
    assert.deepEqual(out.logGroups.map((g) => g.logGroupName), ['/aws/lambda/cli-fn']);
    assert.equal(out.logGroups[0]!.arn, 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/cli-fn:*');
    const missing = aws('logs', 'put-retention-policy', '--log-group-name', '/nope', '--retention-in-days', '7');
    assert.equal(missing.status, 254);
    assert.match(missing.stderr, /An error occurred \(ResourceNotFoundException\) when calling the PutRetentionPolicy operation: The specified log group does not exist\./);
  });
});

describe('boto3', () => {
  const python = (script: string) => {
    const r = spawnSync('python3', ['-c', script], { env: clientEnv, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };

  test('describe_log_streams, get_log_events and the filter_log_events paginator', () => {
    const out = python(`
import boto3, json
logs = boto3.client('logs', endpoint_url='${server.url}')
stream = logs.describe_log_streams(logGroupName='/aws/lambda/cli-fn')['logStreams'][0]['logStreamName']
events = logs.get_log_events(logGroupName='/aws/lambda/cli-fn', logStreamName=stream, startFromHead=True, limit=2)['events']
pages = [len(p['events']) for p in logs.get_paginator('filter_log_events').paginate(logGroupName='/aws/lambda/cli-fn', PaginationConfig={'PageSize': 3})]
print(json.dumps({'first': [e['message'] for e in events], 'pages': pages}))
`);
    assert.match((out.first as string[])[0]!, /^START RequestId: /);
    assert.equal((out.first as string[])[1], 'ERROR from the cli test\n');
    const pages = out.pages as number[];
    assert.ok(pages.length >= 2 && pages.slice(0, -1).every((n) => n === 3), JSON.stringify(pages));
  });

  test('errors parse into ClientError with AWS\'s code and message', () => {
    const out = python(`
import boto3, json
from botocore.exceptions import ClientError
logs = boto3.client('logs', endpoint_url='${server.url}')
try:
    logs.get_log_events(logGroupName='/aws/lambda/cli-fn', logStreamName='missing')
except ClientError as e:
    print(json.dumps({'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']}))
`);
    assert.deepEqual(out, { code: 'ResourceNotFoundException', message: 'The specified log stream does not exist.', status: 400 });
  });
});
