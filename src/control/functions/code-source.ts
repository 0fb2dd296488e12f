/**
 * Where a deployment package comes from: the request itself (ZipFile) or an S3 object, as for AWS
 * Lambda. S3 is reached through the AWS SDK with the server's standard settings (AWS_ENDPOINT_URL_S3 or
 * AWS_ENDPOINT_URL, credentials, AWS_REGION), so the bucket may live in AWS, MinIO or an emulator (signed
 * with dummy credentials when the environment has none: see outbound/credentials.ts).
 * Functions and layers share this, and check and store the bytes the same way.
 */
import { GetObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { BlobsDep, ConfigDep } from '../deps.js';
import { InvalidParameterValueException, ServiceException } from '../../errors/catalogue.js';
import { AWS_ZIP_LIMITS, inspectZip, type ZipLimits, type ZipSummary } from '../../code/zip.js';
import { zippedTooLarge } from '../../code/errors.js';
import { LambdaError } from '../../errors/base.js';
import { DEFAULT_HOT_RELOAD_BUCKET, folderSummary, hotReloadDir, hotReloadKey } from '../../code/hot-reload/folder.js';
import { credentialsAdvice, isMissingCredentials, outboundClientOptions } from '../../outbound/credentials.js';

/** The code members of CreateFunction's Code, UpdateFunctionCode and PublishLayerVersion's Content. */
export interface CodeInput {
  ZipFile?: Uint8Array | undefined;
  S3Bucket?: string | undefined;
  S3Key?: string | undefined;
  S3ObjectVersion?: string | undefined;
}

/**
 * Packages from S3 meet the same limits as uploads. (AWS caps only the unzipped size of a package
 * read from S3; allowing more here needs the code cache to unpack blobs over the upload quota too.)
 */
const LIMITS: ZipLimits = AWS_ZIP_LIMITS;

/** A broken endpoint fails the request in seconds rather than holding it; retries stay the SDK's. */
const CLIENT_OPTIONS = { maxAttempts: 2, requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000 } };

const clients = new Map<string, S3Client>();

function s3Client(region: string): S3Client {
  let client = clients.get(region);
  if (!client) {
    client = new S3Client({ region, ...outboundClientOptions('s3'), ...CLIENT_OPTIONS });
    clients.set(region, client);
  }
  return client;
}

function fromS3(input: CodeInput): boolean {
  return input.S3Bucket !== undefined || input.S3Key !== undefined || input.S3ObjectVersion !== undefined;
}

/** AWS's answer when S3 refuses the read: S3's own code and message, wrapped. */
function getObjectFailed(code: string, message: string) {
  return new InvalidParameterValueException(`Error occurred while GetObject. S3 Error Code: ${code}. S3 Error Message: ${message}`);
}

/** Reads the body, stopping as soon as it outgrows the quota (a length S3 did not announce). */
async function readCapped(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > LIMITS.maxZippedBytes) throw zippedTooLarge(LIMITS);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

async function readObject(region: string, bucket: string, key: string, version: string | undefined): Promise<Buffer> {
  const where = `s3://${bucket}/${key}${version !== undefined ? ` (version ${version})` : ''}`;
  try {
    const out = await s3Client(region).send(new GetObjectCommand({
      Bucket: bucket, Key: key, ...(version !== undefined ? { VersionId: version } : {}),
    }));
    // An object over the quota is refused unread, with the answer the zip check would give.
    if (out.ContentLength !== undefined && out.ContentLength > LIMITS.maxZippedBytes) {
      (out.Body as { destroy?: () => void } | undefined)?.destroy?.();
      throw zippedTooLarge(LIMITS);
    }
    return out.Body ? await readCapped(out.Body as AsyncIterable<Uint8Array>) : Buffer.alloc(0);
  } catch (err) {
    if (err instanceof LambdaError) throw err;
    if (err instanceof S3ServiceException && err.$fault === 'client') {
      throw getObjectFailed((err as S3ServiceException & { Code?: string }).Code ?? err.name, err.message);
    }
    // A setting of the server to fix, not a failure to retry: AWS answers a package it cannot read with this type too.
    if (isMissingCredentials(err)) {
      throw new InvalidParameterValueException(`Lambkin has no AWS credentials to read the deployment package from ${where}: ${credentialsAdvice('s3')}.`);
    }
    // S3 failing on its side or unreachable: the server's setup, not the request.
    const reason = err instanceof Error ? err.message : String(err);
    throw new ServiceException(`Lambkin could not read the deployment package from ${where}: ${reason}`);
  }
}

/**
 * The package's bytes, from ZipFile or from S3, with AWS's refusals of an ambiguous or missing source
 * and S3's own answer for a missing bucket, key or version. `region` is the function's or layer's: as on
 * AWS, the bucket is read in the region of the resource being created.
 */
export async function fetchCode(app: ConfigDep, input: CodeInput, region: string = app.config.region): Promise<Buffer> {
  if (input.ZipFile !== undefined) {
    if (fromS3(input)) throw new InvalidParameterValueException('Please do not provide other FunctionCode parameters when providing a ZipFile.');
    return Buffer.from(input.ZipFile.buffer, input.ZipFile.byteOffset, input.ZipFile.byteLength);
  }
  if (!fromS3(input)) throw new InvalidParameterValueException('Please provide a source for function code.');
  if (!input.S3Bucket || !input.S3Key) {
    throw new InvalidParameterValueException('S3 Bucket and Key are required for uploading with S3 parameters.');
  }
  return readObject(region, input.S3Bucket, input.S3Key, input.S3ObjectVersion);
}

/** Fetches, checks (AWS's zip rules, whatever the source) and stores the package; `codeKey` names the blob. */
export async function storePackage(app: BlobsDep & ConfigDep, input: CodeInput, region?: string): Promise<{ summary: ZipSummary; codeKey: string }> {
  // Any caller may mount any host folder it names: with --credentials (several accounts) only when the bucket is set on purpose.
  const hotBucket = app.config.hotReloadBucket ?? (app.config.credentialsFile ? undefined : DEFAULT_HOT_RELOAD_BUCKET);
  if (input.ZipFile === undefined && hotBucket !== undefined && input.S3Bucket === hotBucket && input.S3Key) {
    const codeKey = await hotReloadKey(input.S3Key);
    return { summary: await folderSummary(hotReloadDir(codeKey)), codeKey };
  }
  const buffer = await fetchCode(app, input, region);
  const summary = await inspectZip(buffer, LIMITS);
  const codeKey = await app.blobs.put(buffer);
  return { summary, codeKey };
}
