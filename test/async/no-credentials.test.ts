/**
 * Outbound AWS calls from a server whose environment has no AWS credentials at all (no keys, no
 * profile, an empty HOME): an emulator named by AWS_ENDPOINT_URL is signed with dummy credentials;
 * without one, the S3 code source answers a 400 naming the settings, a destination says so once in the
 * server log and keeps the record until the server can send it.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startLambkin } from '../support/server.js';
import { startMoto } from '../support/moto.js';
import { makeZip } from '../support/zip.js';
import { ROLE, deploy, eventually, invoke } from '../api/invoke/helpers.js';
import { Queues, invokeEvent } from './helpers.js';

/** The test's own environment, minus everything the AWS SDK could find credentials in. */
const NO_CREDENTIALS: Record<string, string | undefined> = {
  HOME: mkdtempSync(join(tmpdir(), 'lambkin-empty-home-')),
  ...Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('AWS_')).map((k) => [k, undefined])),
};
// Nor an EC2 instance role, should the tests run on EC2.
NO_CREDENTIALS.AWS_EC2_METADATA_DISABLED = 'true';
NO_CREDENTIALS.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const moto = await startMoto();
const queues = new Queues(moto);
after(() => queues.destroy());
const s3 = new S3Client({ ...moto.clientOptions, forcePathStyle: true });
after(() => s3.destroy());
await s3.send(new CreateBucketCommand({ Bucket: 'code' }));
await s3.send(new PutObjectCommand({
  Bucket: 'code', Key: 'hello.zip', Body: await makeZip({ 'index.js': "exports.handler = async (e) => ({ hello: e.name });\n" }),
}));

const WARNING = 'lambkin: WARNING: no AWS credentials in the environment, so calls to s3, sqs, sns, eventbridge (S3 code ' +
  'sources, async destinations, dead-letter queues) will fail: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ' +
  '(or AWS_PROFILE), or AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_SNS, ' +
  'AWS_ENDPOINT_URL_EVENTBRIDGE) to use an emulator with dummy credentials.';

test('with AWS_ENDPOINT_URL and no credentials, S3 code and an SQS destination reach the emulator', async () => {
  const server = await startLambkin({ env: { ...NO_CREDENTIALS, AWS_ENDPOINT_URL: moto.url } });
  const client = server.client();
  await client.send(new CreateFunctionCommand({
    FunctionName: 'from-s3', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { S3Bucket: 'code', S3Key: 'hello.zip' },
  }));
  assert.equal((await invoke(client, 'from-s3', { name: 'you' })).text, '{"hello":"you"}');

  const queue = await queues.create('emulated-destination');
  await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'from-s3', DestinationConfig: { OnSuccess: { Destination: queue.arn } } }));
  const requestId = await invokeEvent(client, 'from-s3', { name: 'queued' });
  const [message] = await queues.take(queue.url, 1);
  const record = JSON.parse(message!.Body!) as { requestContext: { requestId: string }; responsePayload: unknown };
  assert.equal(record.requestContext.requestId, requestId);
  assert.deepEqual(record.responsePayload, { hello: 'queued' });
  assert.doesNotMatch(server.output(), /WARNING: no AWS credentials/);
});

test('without credentials or an endpoint, start-up says which settings to make, once', async () => {
  const server = await startLambkin({ env: NO_CREDENTIALS });
  // Printed right after the "listening" line the server is awaited for.
  await eventually(async () => (server.output().includes(WARNING) ? true : undefined));
  const lines = server.output().split('\n').filter((l) => l.includes('no AWS credentials'));
  assert.deepEqual(lines, [WARNING]);
});

test('without credentials, an S3 code source is a 400 naming the settings, answered once (not a 500 the SDK retries)', async () => {
  const server = await startLambkin({ env: NO_CREDENTIALS });
  // The SDK's default retries: a 5xx would be sent three times.
  const client = new LambdaClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
  after(() => client.destroy());
  await assert.rejects(
    client.send(new CreateFunctionCommand({
      FunctionName: 'from-s3', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { S3Bucket: 'code', S3Key: 'hello.zip' },
    })),
    (err: Error & { $metadata: { httpStatusCode?: number; attempts?: number } }) => {
      assert.equal(err.name, 'InvalidParameterValueException');
      assert.equal(err.$metadata.httpStatusCode, 400);
      assert.equal(err.$metadata.attempts, 1);
      assert.equal(err.message, 'Lambkin has no AWS credentials to read the deployment package from s3://code/hello.zip: ' +
        "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in Lambkin's environment, or AWS_ENDPOINT_URL_S3 " +
        '(or AWS_ENDPOINT_URL) to use an emulator with dummy credentials.');
      return true;
    },
  );
});

test('without credentials, a destination record is reported once and kept: a restart with the setting delivers it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lambkin-no-creds-'));
  const queue = await queues.create('held-destination');
  const first = await startLambkin({ env: NO_CREDENTIALS, dataDir });
  const client = first.client();
  await deploy(client, 'echo', { 'index.js': 'exports.handler = async (e) => ({ echo: e });\n' });
  await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'echo', DestinationConfig: { OnSuccess: { Destination: queue.arn } } }));
  const requestId = await invokeEvent(client, 'echo', { kept: true });
  const expected = `lambkin async: cannot send the destination of event ${requestId} to ${queue.arn}: no AWS credentials to sign with; ` +
    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in Lambkin's environment, or AWS_ENDPOINT_URL_SQS " +
    '(or AWS_ENDPOINT_URL) to use an emulator with dummy credentials. The record is kept and sent again (also after a restart) for up to 6 hours.';
  await eventually(async () => (first.output().includes(expected) ? true : undefined), 20_000);
  // Two more passes (1 s, then 2 s later) find no credentials either, and add no line.
  await new Promise((r) => setTimeout(r, 4_000));
  assert.deepEqual(first.output().split('\n').filter((l) => l.includes(requestId)), [expected]);
  await first.stop();

  await startLambkin({ env: { ...NO_CREDENTIALS, AWS_ENDPOINT_URL: moto.url }, dataDir });
  const [message] = await queues.take(queue.url, 1, 30_000);
  const record = JSON.parse(message!.Body!) as { requestContext: { requestId: string }; responsePayload: unknown };
  assert.equal(record.requestContext.requestId, requestId);
  assert.deepEqual(record.responsePayload, { echo: { kept: true } });
});
