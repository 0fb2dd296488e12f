import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { startLambkin } from '../support/server.js';
import { rawRequest } from '../support/raw-request.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { RAN, cloudWatch, dayWindow, runScenario } from './scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'lambkin-cw-credentials-'));
const credentialsFile = join(dir, 'credentials.json');
writeFileSync(credentialsFile, JSON.stringify({
  AKIAOWNER: { secretAccessKey: 'owner-secret', accountId: '111111111111' },
  AKIAOTHER: { secretAccessKey: 'other-secret', accountId: '222222222222' },
}));
const server = await startLambkin({ args: ['--credentials', credentialsFile] });
await runScenario(server.client('AKIAOWNER', 'owner-secret'));

const { start, end } = dayWindow();
const INVOCATIONS: MetricDataQuery = { Id: 'all', MetricStat: { Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations' }, Period: 86_400, Stat: 'Sum' } };
const read = (key: string, secret: string) => {
  const cw = cloudWatch(server, key, secret);
  after(() => cw.destroy());
  return cw.send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: [INVOCATIONS] }));
};

describe('with --credentials, CloudWatch reads are verified for service monitoring', () => {
  test('the owner reads its own account\'s metrics', async () => {
    const out = await read('AKIAOWNER', 'owner-secret');
    assert.deepEqual(out.MetricDataResults!.map((r) => r.Values), [[RAN.latestSuccesses + RAN.latestErrors + RAN.versionOneSuccesses]]);
  });

  test('another account sees none of them', async () => {
    const out = await read('AKIAOTHER', 'other-secret');
    assert.deepEqual(out.MetricDataResults!.map((r) => r.Values), [[]]);
  });

  test('a wrong secret and an unknown key are refused with 403 and the query protocol\'s codes', async () => {
    const refused = async (key: string, secret: string) =>
      read(key, secret).then(() => assert.fail('expected a refusal'), (e: any) => ({ code: e.Code ?? e.name, status: e.$metadata?.httpStatusCode, start: e.message.slice(0, 60) }));
    assert.deepEqual(await refused('AKIAOWNER', 'wrong'), {
      code: 'SignatureDoesNotMatch', status: 403, start: 'The request signature we calculated does not match the signa',
    });
    assert.deepEqual(await refused('AKIAUNKNOWN', 'x'), {
      code: 'InvalidClientTokenId', status: 403, start: 'The security token included in the request is invalid.',
    });
  });
});

describe('with --credentials, the AWS CLI v2 (query protocol)', () => {
  test('gets the query protocol\'s code for a wrong secret', async () => {
    const failed = await promisify(execFile)('/usr/bin/aws', [
      'cloudwatch', 'list-metrics', '--endpoint-url', server.url, '--region', 'us-east-1', '--namespace', 'AWS/Lambda',
    ], { env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIAOWNER', AWS_SECRET_ACCESS_KEY: 'wrong', AWS_MAX_ATTEMPTS: '1' } })
      .then(() => assert.fail('expected the CLI to fail'), (e: { stderr: string; code: number }) => e);
    assert.equal(failed.code, 254);
    assert.match(failed.stderr, /An error occurred \(SignatureDoesNotMatch\) when calling the ListMetrics operation \(reached max retries: 0\): The request signature we calculated does not match the signature you provided\./);
  });
});

describe('with --credentials, an unsigned CloudWatch request', () => {
  test('does not pass: the JSON target brings it to CloudWatch, which refuses it', async () => {
    const res = await rawRequest(server.url, {
      method: 'POST', path: '/', body: '{}', unsigned: true,
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.ListMetrics' },
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers['x-amzn-query-error'], 'MissingAuthenticationToken;Sender');
    assert.deepEqual(res.json(), { __type: 'com.amazonaws.cloudwatch#MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });
});
