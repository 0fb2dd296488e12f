/**
 * Every region on one endpoint with signatures verified (--credentials): correct signatures pass in every
 * region, each verified with its own region; a bad one fails in every region; a function calling Lambkin
 * from inside signs for its own region and reaches its own region's functions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { GetFunctionCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { deploy, invoke } from '../invoke/helpers.js';
import { CALLER } from '../invoke/sigv4-caller.js';
import { settled } from '../versions/helpers.js';
import { regionClient } from './clients.js';

const ACCOUNT = '111111111111';
const credentials = join(mkdtempSync(join(tmpdir(), 'lambkin-regions-')), 'credentials.json');
writeFileSync(credentials, JSON.stringify({ AKIAREGIONS: { secretAccessKey: 'regions-secret', accountId: ACCOUNT } }));
const server = await startLambkin({ args: ['--credentials', credentials] });
const REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1'] as const;
const clients = Object.fromEntries(REGIONS.map((r) => [r, regionClient(server.url, r, 'AKIAREGIONS', 'regions-secret')]));
const arnIn = (region: string, name: string) => `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`;

const REPORT = { 'index.js': 'exports.handler = async (e, context) => ({ region: process.env.AWS_REGION, arn: context.invokedFunctionArn, got: e });\n' };
for (const region of REGIONS) {
  await deploy(clients[region]!, 'callee', REPORT);
  await deploy(clients[region]!, 'caller', { 'caller.py': CALLER }, { runtime: 'python3.12', handler: 'caller.handler', timeout: 10 });
  await settled(clients[region]!, 'callee');
  await settled(clients[region]!, 'caller');
}

const MISMATCH = /^The request signature we calculated does not match the signature you provided\./;

test('correct signatures are accepted in every region, each finding its own functions', async () => {
  for (const region of REGIONS) {
    const client = clients[region]!;
    const listed = (await client.send(new ListFunctionsCommand({}))).Functions!.map((f) => f.FunctionArn).sort();
    assert.deepEqual(listed, [arnIn(region, 'callee'), arnIn(region, 'caller')]);
    const r = await invoke(client, 'callee', { n: region });
    assert.equal(r.functionError, undefined, r.text);
    assert.deepEqual(r.json(), { region, arn: arnIn(region, 'callee'), got: { n: region } });
  }
});

test('a wrong secret is refused in every region', async () => {
  for (const region of REGIONS) {
    const bad = regionClient(server.url, region, 'AKIAREGIONS', 'not-the-secret');
    await assert.rejects(bad.send(new GetFunctionCommand({ FunctionName: 'callee' })), (err: Error & { $metadata: { httpStatusCode?: number } }) => {
      assert.equal(err.name, 'InvalidSignatureException');
      assert.equal(err.$metadata.httpStatusCode, 403);
      assert.match(err.message, MISMATCH);
      return true;
    });
  }
});

/** GET /functions signed for `signedFor`, with its credential then rewritten to claim `claimed`. */
async function relabelled(signedFor: string, claimed: string): Promise<{ status: number; type: string | undefined; message: string }> {
  const url = new URL(server.url);
  const signer = new SignatureV4({
    service: 'lambda', region: signedFor, sha256: Hash.bind(null, 'sha256'),
    credentials: { accessKeyId: 'AKIAREGIONS', secretAccessKey: 'regions-secret' },
  });
  const signed = await signer.sign(new HttpRequest({
    method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/2015-03-31/functions/',
    headers: { host: url.host },
  }));
  const headers = { ...signed.headers, authorization: signed.headers.authorization!.replace(`/${signedFor}/lambda/`, `/${claimed}/lambda/`) };
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: 'GET', path: '/2015-03-31/functions/', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode!, type: res.headers['x-amzn-errortype'] as string | undefined,
        message: (JSON.parse(Buffer.concat(chunks).toString()) as { message: string }).message,
      }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a signature is verified with the region its credential names: one made for another region fails', async () => {
  const moved = await relabelled('us-east-1', 'us-west-2');
  assert.equal(moved.status, 403);
  assert.equal(moved.type, 'InvalidSignatureException');
  assert.match(moved.message, MISMATCH);
  assert.match(moved.message, /\/us-west-2\/lambda\/aws4_request/);
  const notARegion = await relabelled('us-east-1', 'moon-base-one');
  assert.deepEqual(notARegion, {
    status: 403, type: 'InvalidSignatureException', message: "Credential should be scoped to a valid region, not 'moon-base-one'. ",
  });
});

test('a function signs for its own region from inside and reaches its own region\'s callee', async () => {
  for (const region of ['us-west-2', 'eu-central-1']) {
    const r = await invoke(clients[region]!, 'caller', { target: 'callee' });
    assert.equal(r.functionError, undefined, r.text);
    assert.deepEqual(r.json(), {
      status: 200, executed: '$LATEST', body: { region, arn: arnIn(region, 'callee'), got: { from: 'caller' } },
    });
    const spoiled = await invoke(clients[region]!, 'caller', { target: 'callee', secret_suffix: 'x' });
    const out = spoiled.json<{ status: number; error: string; body: { message: string } }>();
    assert.deepEqual([out.status, out.error], [403, 'InvalidSignatureException']);
    assert.match(out.body.message, MISMATCH);
  }
});
