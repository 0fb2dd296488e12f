/** Shared pieces of the function API tests: a deployable function, and exact AWS error assertions. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CreateFunctionCommand, type CreateFunctionCommandInput, type LambdaClient } from '@aws-sdk/client-lambda';
import { makeZip, NODE_ECHO } from '../../support/zip.js';

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';
export const REGION = 'us-east-1';

export function arnOf(name: string, account = '000000000000', qualifier?: string): string {
  return `arn:aws:lambda:${REGION}:${account}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}

export const echoZip = (): Promise<Buffer> => makeZip(NODE_ECHO);

/** AWS's CodeSha256: base64 of the package's SHA-256. */
export const sha256Base64 = (zip: Buffer): string => createHash('sha256').update(zip).digest('base64');

export async function createEcho(client: LambdaClient, name: string, extra: Partial<CreateFunctionCommandInput> = {}) {
  const zip = await echoZip();
  const out = await client.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zip }, ...extra,
  }));
  return { out, zip };
}

export interface ExpectedError {
  name: string;
  status: number;
  message: string;
  /** `Type` member of the body; omitted for front-door errors AWS sends without it. */
  type?: 'User' | 'Service';
}

/** The SDK error carries the wire: code, status, message and the body's members. */
export async function rejectsWith(promise: Promise<unknown>, expected: ExpectedError): Promise<void> {
  await assert.rejects(promise, (err: Record<string, unknown> & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, expected.name, String(err.message));
    assert.equal(err.$metadata?.httpStatusCode, expected.status);
    assert.equal(err.message, expected.message);
    assert.equal(err.Type, expected.type);
    return true;
  });
}

export const notFound = (name: string, qualifier?: string, account?: string): ExpectedError => ({
  name: 'ResourceNotFoundException', status: 404, type: 'User', message: `Function not found: ${arnOf(name, account, qualifier)}`,
});

export const invalidParameter = (message: string): ExpectedError => ({
  name: 'InvalidParameterValueException', status: 400, type: 'User', message,
});

export const validation = (...errors: string[]): ExpectedError => ({
  name: 'ValidationException', status: 400,
  message: `${errors.length} validation error${errors.length === 1 ? '' : 's'} detected: ${errors.join('; ')}`,
});

/** The model's patterns, as AWS prints them in validation messages. */
export const NAMESPACED_NAME_PATTERN = '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?';
export const FUNCTION_NAME_PATTERN = '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';
export const QUALIFIER_PATTERN = '\\$(LATEST(\\.PUBLISHED)?)|[a-zA-Z0-9-_$]+';

/** Fields that change on every write, replaced so whole configurations compare. */
export function normalised<T extends object>(config: T): T {
  const out = { ...config } as Record<string, unknown>;
  delete out.$metadata;
  if (typeof out.RevisionId === 'string') out.RevisionId = '<revision>';
  if (typeof out.LastModified === 'string') out.LastModified = '<date>';
  return out as T;
}
