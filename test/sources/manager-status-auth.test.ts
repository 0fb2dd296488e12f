/** With a credentials file, /_lambkin/event-source-mappings answers signed requests with the signer's account only. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { CreateEventSourceMappingCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { createEcho } from '../api/functions/fixtures.js';

const credentials = join(mkdtempSync(join(tmpdir(), 'lambkin-creds-')), 'credentials.json');
writeFileSync(credentials, JSON.stringify({
  AKIAOWNER: { secretAccessKey: 'owner-secret', accountId: '111111111111' },
  AKIAOTHER: { secretAccessKey: 'other-secret', accountId: '222222222222' },
}));
// Nothing answers at the source endpoint: the mappings settle, their pollers just cannot read.
const server = await startLambkin({ args: ['--credentials', credentials], env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' } });
const owner = server.client('AKIAOWNER', 'owner-secret');
await createEcho(owner, 'mapped');
const created = await owner.send(new CreateEventSourceMappingCommand({
  FunctionName: 'mapped', EventSourceArn: 'arn:aws:sqs:us-east-1:111111111111:orders',
}));

async function signedGet(path: string, accessKeyId: string, secretAccessKey: string): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, server.url);
  const signer = new SignatureV4({
    service: 'lambda', region: 'us-east-1', credentials: { accessKeyId, secretAccessKey }, sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(new HttpRequest({
    method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host },
  }));
  const res = await fetch(url, { headers: signed.headers as Record<string, string> });
  return { status: res.status, body: await res.json() };
}

test('an unsigned request is refused', async () => {
  const res = await fetch(`${server.url}/_lambkin/event-source-mappings`);
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
});

test("the owner sees its mapping; another account sees none, and not the owner's by UUID either", async () => {
  const mine = await signedGet('/_lambkin/event-source-mappings', 'AKIAOWNER', 'owner-secret');
  assert.equal(mine.status, 200);
  const listed = (mine.body as { eventSourceMappings: Array<{ uuid: string; accountId: string }> }).eventSourceMappings;
  assert.deepEqual(listed.map((m) => [m.uuid, m.accountId]), [[created.UUID, '111111111111']]);
  const theirs = await signedGet('/_lambkin/event-source-mappings', 'AKIAOTHER', 'other-secret');
  assert.deepEqual(theirs, { status: 200, body: { eventSourceMappings: [] } });
  const byUuid = await signedGet(`/_lambkin/event-source-mappings/${created.UUID}`, 'AKIAOTHER', 'other-secret');
  assert.equal(byUuid.status, 404);
});
