import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { startLambkin } from '../support/server.js';
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

  test('a wrong secret and an unknown key are refused with 403', async () => {
    const refused = async (key: string, secret: string) =>
      read(key, secret).then(() => assert.fail('expected a refusal'), (e: any) => ({ code: e.Code ?? e.name, status: e.$metadata?.httpStatusCode, start: e.message.slice(0, 60) }));
    assert.deepEqual(await refused('AKIAOWNER', 'wrong'), {
      code: 'InvalidSignatureException', status: 403, start: 'The request signature we calculated does not match the signa',
    });
    assert.deepEqual(await refused('AKIAUNKNOWN', 'x'), {
      code: 'UnrecognizedClientException', status: 403, start: 'The security token included in the request is invalid.',
    });
  });
});
