/**
 * An outside suite's pattern through boto3: many operations spread over ten regions against one Lambkin,
 * with signatures unchecked and then verified. No call may be refused, and each region sees only its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLambkin } from '../../support/server.js';

const run = promisify(execFile);
const SCRIPT = new URL('./boto3_regions.py', import.meta.url).pathname;
/** The caller's environment without AWS_* settings, so only what the script sets counts. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2',
  'ap-northeast-1', 'sa-east-1', 'ca-central-1'];

interface Outcome {
  facts: Record<string, Record<string, unknown>>;
  failures: unknown[];
  cross: unknown;
  remaining: Record<string, number>;
}

async function suite(url: string, keyId: string, secret: string, account: string): Promise<Outcome> {
  const { stdout } = await run('python3', [SCRIPT, url, keyId, secret, account], { env, timeout: 220_000, maxBuffer: 16 << 20 });
  return JSON.parse(stdout) as Outcome;
}

function assertEveryRegionItsOwn(out: Outcome, account: string): void {
  assert.deepEqual(out.failures, []);
  for (const region of REGIONS) {
    const arn = `arn:aws:lambda:${region}:${account}:function:suite-fn`;
    const layer = `arn:aws:lambda:${region}:${account}:layer:suite-layer:1`;
    assert.deepEqual(out.facts[region], {
      arn, memory: 256, stage: 'two', layers: [layer], version: '1', alias: `${arn}:live`, reserved: 5,
      policy_resource: [arn], tags: { region }, eic: [`${arn}:$LATEST`],
      result: { region, arn: `${arn}:live`, group: '/aws/lambda/suite-fn', tag: region, event: { from: region } },
      event_status: 202, function_count: 1, listed: [arn], listed_layers: [layer], versions: ['$LATEST', '1'],
      presigned: arn,
    }, region);
  }
  assert.deepEqual(out.cross, [404, 'ResourceNotFoundException', "Functions from 'us-west-2' are not reachable in this region ('eu-west-1')"]);
  assert.deepEqual(out.remaining, Object.fromEntries(REGIONS.map((r) => [r, 0])));
}

test('default mode: ten regions, no refusal, each region its own', async () => {
  const server = await startLambkin();
  assertEveryRegionItsOwn(await suite(server.url, '123456789012', 'anything', '123456789012'), '123456789012');
  await server.stop();
});

test('verified mode: the same suite with real signatures in every region', async () => {
  const credentials = join(mkdtempSync(join(tmpdir(), 'lambkin-boto3-regions-')), 'credentials.json');
  writeFileSync(credentials, JSON.stringify({ AKIASUITE: { secretAccessKey: 'suite-secret', accountId: '222222222222' } }));
  const server = await startLambkin({ args: ['--credentials', credentials] });
  assertEveryRegionItsOwn(await suite(server.url, 'AKIASUITE', 'suite-secret', '222222222222'), '222222222222');
  await server.stop();
});
