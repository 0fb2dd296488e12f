/**
 * Deployment packages read from S3 (moto standing in): CreateFunction and UpdateFunctionCode with
 * S3Bucket/S3Key/S3ObjectVersion, the same zip checks as an upload, and AWS's recorded errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  CreateFunctionCommand, GetFunctionCommand, InvokeCommand, UpdateFunctionCodeCommand, waitUntilFunctionUpdatedV2,
  type CreateFunctionCommandInput, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startLambkin } from '../../support/server.js';
import { makeZip } from '../../support/zip.js';
import { startMoto } from '../../support/moto.js';
import { invalidParameter, notFound, rejectsWith, ROLE, sha256Base64 } from './fixtures.js';

const moto = await startMoto();
const s3 = new S3Client({ ...moto.clientOptions, forcePathStyle: true });
const server = await startLambkin({
  env: { AWS_ENDPOINT_URL_S3: moto.url, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' },
});
const lambda = server.client();

await s3.send(new CreateBucketCommand({ Bucket: 'code' }));
await s3.send(new CreateBucketCommand({ Bucket: 'versioned' }));
await s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Enabled' } }));
await s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'present.zip', Body: await makeZip({ 'a.txt': 'a' }) }));

const answering = (text: string) => makeZip({ 'index.js': `exports.handler = async () => ${JSON.stringify(text)};\n` });

/** Uploads and returns the version id S3 gave the object (only in a versioned bucket). */
async function upload(bucket: string, key: string, body: Buffer): Promise<string | undefined> {
  return (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))).VersionId;
}

function create(name: string, Code: CreateFunctionCommandInput['Code']) {
  return lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code }));
}

async function invokeText(client: LambdaClient, name: string): Promise<string> {
  await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 10 }, { FunctionName: name });
  const out = await client.send(new InvokeCommand({ FunctionName: name }));
  assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
  return JSON.parse(Buffer.from(out.Payload!).toString()) as string;
}

const getObjectError = (code: string, message: string) =>
  invalidParameter(`Error occurred while GetObject. S3 Error Code: ${code}. S3 Error Message: ${message}`);
const NO_BUCKET = getObjectError('NoSuchBucket', 'The specified bucket does not exist');
const NO_KEY = getObjectError('NoSuchKey', 'The specified key does not exist.');
const NO_VERSION = getObjectError('NoSuchVersion', 'The specified version does not exist.');

test('CreateFunction reads the package from S3: same size and hash as the object, it runs, and GetFunction serves it', async () => {
  const zip = await answering('from s3');
  await upload('code', 'fn/from-s3.zip', zip);
  const out = await create('from-s3', { S3Bucket: 'code', S3Key: 'fn/from-s3.zip' });
  assert.equal(out.$metadata.httpStatusCode, 201);
  assert.deepEqual([out.CodeSha256, out.CodeSize, out.State], [sha256Base64(zip), zip.length, 'Pending']);
  assert.equal(await invokeText(lambda, 'from-s3'), 'from s3');

  const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'from-s3' }));
  assert.equal(got.Code!.RepositoryType, 'S3');
  const download = await fetch(got.Code!.Location!);
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), zip);
});

test('UpdateFunctionCode from S3 replaces the code; the new one runs', async () => {
  await create('updated-from-s3', { ZipFile: await answering('before') });
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10 }, { FunctionName: 'updated-from-s3' });
  const zip = await answering('after');
  await upload('code', 'fn/updated.zip', zip);
  const out = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'updated-from-s3', S3Bucket: 'code', S3Key: 'fn/updated.zip' }));
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.deepEqual([out.CodeSha256, out.CodeSize, out.LastUpdateStatus], [sha256Base64(zip), zip.length, 'InProgress']);
  assert.equal(await invokeText(lambda, 'updated-from-s3'), 'after');
});

test('S3ObjectVersion picks that version of the object; without it, the current one is read', async () => {
  const first = await answering('version one');
  const second = await answering('version two');
  const v1 = await upload('versioned', 'fn.zip', first);
  const v2 = await upload('versioned', 'fn.zip', second);
  assert.ok(v1 && v2 && v1 !== v2);

  const pinned = await create('pinned', { S3Bucket: 'versioned', S3Key: 'fn.zip', S3ObjectVersion: v1 });
  assert.equal(pinned.CodeSha256, sha256Base64(first));
  assert.equal(await invokeText(lambda, 'pinned'), 'version one');

  const current = await create('current', { S3Bucket: 'versioned', S3Key: 'fn.zip' });
  assert.equal(current.CodeSha256, sha256Base64(second));

  const moved = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'pinned', S3Bucket: 'versioned', S3Key: 'fn.zip', S3ObjectVersion: v2 }));
  assert.equal(moved.CodeSha256, sha256Base64(second));
  assert.equal(await invokeText(lambda, 'pinned'), 'version two');
});

test('a missing bucket, key or version answers AWS\'s recorded GetObject errors, and nothing is created', async () => {
  await rejectsWith(create('no-bucket', { S3Bucket: 'no-such-bucket', S3Key: 'fn.zip' }), NO_BUCKET);
  await rejectsWith(create('no-key', { S3Bucket: 'code', S3Key: 'no/such/key.zip' }), NO_KEY);
  await rejectsWith(create('no-version', { S3Bucket: 'versioned', S3Key: 'present.zip', S3ObjectVersion: 'no-such-version' }), NO_VERSION);
  for (const name of ['no-bucket', 'no-key', 'no-version']) {
    await rejectsWith(lambda.send(new GetFunctionCommand({ FunctionName: name })), notFound(name));
  }
});

test('UpdateFunctionCode answers the same errors and leaves the code as it was', async () => {
  const zip = await answering('kept');
  const { CodeSha256 } = await create('update-errors', { ZipFile: zip });
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10 }, { FunctionName: 'update-errors' });
  const update = (source: { S3Bucket: string; S3Key: string; S3ObjectVersion?: string }) =>
    lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'update-errors', ...source }));
  await rejectsWith(update({ S3Bucket: 'no-such-bucket', S3Key: 'fn.zip' }), NO_BUCKET);
  await rejectsWith(update({ S3Bucket: 'code', S3Key: 'no/such/key.zip' }), NO_KEY);
  await rejectsWith(update({ S3Bucket: 'versioned', S3Key: 'present.zip', S3ObjectVersion: 'no-such-version' }), NO_VERSION);
  const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'update-errors' }));
  assert.equal(got.Configuration!.CodeSha256, CodeSha256);
  assert.equal(await invokeText(lambda, 'update-errors'), 'kept');
});

test('an object that is not a zip is refused as an upload would be', async () => {
  await upload('code', 'not-a-zip', Buffer.from('this is not a zipfile, just a random string'));
  await rejectsWith(create('not-a-zip', { S3Bucket: 'code', S3Key: 'not-a-zip' }),
    invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.'));
});

test('a source given twice or half is refused with AWS\'s wording', async () => {
  const zip = await answering('x');
  await rejectsWith(create('both', { ZipFile: zip, S3Bucket: 'code', S3Key: 'fn/from-s3.zip' }),
    invalidParameter('Please do not provide other FunctionCode parameters when providing a ZipFile.'));
  const half = invalidParameter('S3 Bucket and Key are required for uploading with S3 parameters.');
  await rejectsWith(create('bucket-only', { S3Bucket: 'code' }), half);
  await rejectsWith(create('key-only', { S3Key: 'fn/from-s3.zip' }), half);
  await rejectsWith(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'from-s3', S3Bucket: 'code' })), half);
  await rejectsWith(create('none', {}), invalidParameter('Please provide a source for function code.'));
});

test('a package over the 50 MB upload quota is refused from S3 as in an upload', async () => {
  // Random bytes do not compress: the zip itself is over the quota.
  const zip = await makeZip({ 'index.js': 'exports.handler = async () => "big";\n', 'blob.bin': randomBytes(50 * 1024 * 1024 + 1) });
  assert.ok(zip.length > 52_428_800);
  await upload('code', 'big.zip', zip);
  await rejectsWith(create('big', { S3Bucket: 'code', S3Key: 'big.zip' }),
    { name: 'RequestEntityTooLargeException', status: 413, message: 'Zipped size must be smaller than 52428800 bytes' });
  await rejectsWith(lambda.send(new GetFunctionCommand({ FunctionName: 'big' })), notFound('big'));
});

test('an unreachable S3 endpoint is the server\'s failure (500 ServiceException naming the object), not the caller\'s', async () => {
  const closed = await startLambkin({
    env: { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' },
  });
  try {
    await assert.rejects(closed.client().send(new CreateFunctionCommand({
      FunctionName: 'unreachable', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { S3Bucket: 'code', S3Key: 'fn.zip' },
    })), (err: Error & { $metadata?: { httpStatusCode?: number }; Type?: string }) => {
      assert.equal(err.name, 'ServiceException');
      assert.equal(err.$metadata?.httpStatusCode, 500);
      assert.equal(err.Type, 'Service');
      assert.ok(err.message.startsWith('Lambkin could not read the deployment package from s3://code/fn.zip: '), err.message);
      return true;
    });
  } finally {
    await closed.stop();
  }
});
