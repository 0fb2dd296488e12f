/**
 * Layer content read from S3 (moto standing in): PublishLayerVersion with S3Bucket/S3Key/S3ObjectVersion,
 * a function (itself from S3) running with the layer, and AWS's GetObject errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateFunctionCommand, GetLayerVersionCommand, InvokeCommand, ListLayerVersionsCommand, PublishLayerVersionCommand,
  waitUntilFunctionUpdatedV2, type PublishLayerVersionCommandInput,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startLambkin } from '../../support/server.js';
import { makeZip } from '../../support/zip.js';
import { startMoto } from '../../support/moto.js';
import { invalidParameter, rejectsWith, ROLE, sha256Base64 } from '../functions/fixtures.js';

const moto = await startMoto();
const s3 = new S3Client({ ...moto.clientOptions, forcePathStyle: true });
const server = await startLambkin({
  env: { AWS_ENDPOINT_URL_S3: moto.url, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' },
});
const lambda = server.client();
const LAYER_ARN = (name: string) => `arn:aws:lambda:us-east-1:000000000000:layer:${name}`;

await s3.send(new CreateBucketCommand({ Bucket: 'layers' }));
await s3.send(new CreateBucketCommand({ Bucket: 'versioned-layers' }));
await s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned-layers', VersioningConfiguration: { Status: 'Enabled' } }));

async function upload(bucket: string, key: string, body: Buffer): Promise<string | undefined> {
  return (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))).VersionId;
}

const publish = (LayerName: string, Content: PublishLayerVersionCommandInput['Content']) =>
  lambda.send(new PublishLayerVersionCommand({ LayerName, Content }));

const getObjectError = (code: string, message: string) =>
  invalidParameter(`Error occurred while GetObject. S3 Error Code: ${code}. S3 Error Message: ${message}`);

test('PublishLayerVersion reads the content from S3: 201, size and hash of the object, and the link serves it', async () => {
  const zip = await makeZip({ 'python/lib.py': 'X = 1\n' });
  await upload('layers', 'lib.zip', zip);
  const out = await publish('from-s3', { S3Bucket: 'layers', S3Key: 'lib.zip' });
  assert.equal(out.$metadata.httpStatusCode, 201);
  assert.deepEqual([out.LayerVersionArn, out.Version, out.Description], [`${LAYER_ARN('from-s3')}:1`, 1, '']);
  assert.deepEqual([out.Content!.CodeSha256, out.Content!.CodeSize], [sha256Base64(zip), zip.length]);
  const download = await fetch(out.Content!.Location!);
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), zip);

  const got = await lambda.send(new GetLayerVersionCommand({ LayerName: 'from-s3', VersionNumber: 1 }));
  assert.deepEqual([got.Content!.CodeSha256, got.Content!.CodeSize], [sha256Base64(zip), zip.length]);
});

test('S3ObjectVersion picks that version of the layer content', async () => {
  const first = await makeZip({ 'data.txt': 'one' });
  const second = await makeZip({ 'data.txt': 'two' });
  const v1 = await upload('versioned-layers', 'data.zip', first);
  await upload('versioned-layers', 'data.zip', second);
  const pinned = await publish('pinned', { S3Bucket: 'versioned-layers', S3Key: 'data.zip', S3ObjectVersion: v1 });
  assert.equal(pinned.Content!.CodeSha256, sha256Base64(first));
  const current = await publish('pinned', { S3Bucket: 'versioned-layers', S3Key: 'data.zip' });
  assert.deepEqual([current.Version, current.Content!.CodeSha256], [2, sha256Base64(second)]);
});

test('a function from S3 runs with a layer from S3 under /opt', async () => {
  const layer = await makeZip({ 'data.txt': 'from the s3 layer' });
  const code = await makeZip({ 'index.js': "exports.handler = async () => require('fs').readFileSync('/opt/data.txt', 'utf8');\n" });
  await upload('layers', 'opt-data.zip', layer);
  await upload('layers', 'reader.zip', code);
  const published = await publish('opt-data', { S3Bucket: 'layers', S3Key: 'opt-data.zip' });
  await lambda.send(new CreateFunctionCommand({
    FunctionName: 'reads-s3-layer', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
    Code: { S3Bucket: 'layers', S3Key: 'reader.zip' }, Layers: [published.LayerVersionArn!],
  }));
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 10 }, { FunctionName: 'reads-s3-layer' });
  const out = await lambda.send(new InvokeCommand({ FunctionName: 'reads-s3-layer' }));
  assert.equal(out.FunctionError, undefined, Buffer.from(out.Payload ?? []).toString());
  assert.equal(Buffer.from(out.Payload!).toString(), '"from the s3 layer"');
});

test('a missing bucket, key or version answers AWS\'s GetObject errors and publishes nothing', async () => {
  await upload('versioned-layers', 'present.zip', await makeZip({ 'a.txt': 'a' }));
  await rejectsWith(publish('missing', { S3Bucket: 'no-such-bucket', S3Key: 'lib.zip' }),
    getObjectError('NoSuchBucket', 'The specified bucket does not exist'));
  await rejectsWith(publish('missing', { S3Bucket: 'layers', S3Key: 'no/such/key.zip' }),
    getObjectError('NoSuchKey', 'The specified key does not exist.'));
  await rejectsWith(publish('missing', { S3Bucket: 'versioned-layers', S3Key: 'present.zip', S3ObjectVersion: 'no-such-version' }),
    getObjectError('NoSuchVersion', 'The specified version does not exist.'));
  const listed = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'missing' }));
  assert.deepEqual(listed.LayerVersions, []);
});

test('content that is not a zip, or a source given twice or half, is refused as for functions', async () => {
  await upload('layers', 'not-a-zip', Buffer.from('this is not a zipfile, just a random string'));
  await rejectsWith(publish('refused', { S3Bucket: 'layers', S3Key: 'not-a-zip' }),
    invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.'));
  await rejectsWith(publish('refused', { ZipFile: await makeZip({ 'a.txt': 'a' }), S3Bucket: 'layers', S3Key: 'lib.zip' }),
    invalidParameter('Please do not provide other FunctionCode parameters when providing a ZipFile.'));
  await rejectsWith(publish('refused', { S3Key: 'lib.zip' }),
    invalidParameter('S3 Bucket and Key are required for uploading with S3 parameters.'));
  const listed = await lambda.send(new ListLayerVersionsCommand({ LayerName: 'refused' }));
  assert.deepEqual(listed.LayerVersions, []);
});
