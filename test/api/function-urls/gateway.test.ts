/**
 * Function URLs with AuthType NONE, end to end: a real function, a URL config and the two permissions
 * AWS requires since October 2025 through the SDK, then plain HTTP from curl (Host header, the URL's
 * own *.localhost name, the path form) and Node's fetch. Answers compared with AWS's recordings.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  AddPermissionCommand, CreateAliasCommand, CreateFunctionUrlConfigCommand, DeleteFunctionConcurrencyCommand, PublishVersionCommand,
  PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { deploy } from '../invoke/helpers.js';

const run = promisify(execFile);
const FORBIDDEN = { Message: 'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html' };

const HANDLER = `
exports.handler = async (event) => {
  switch (event.rawPath) {
    case '/string': return 'hello';
    case '/dict': return { hello: 'world' };
    case '/list': return ['hello', 3, true];
    case '/number': return 3.1;
    case '/throw': throw new Error('boom');
    case '/bad-shape': return { statusCode: 'abc' };
    case '/shaped': return { statusCode: 201, headers: { 'X-Custom': 'v', 'Content-Type': 'text/plain' }, cookies: ['a=1', 'b=2; Path=/'], body: 'made' };
    case '/huge': return { statusCode: 200, body: 'x'.repeat(6_300_000) };
    case '/binary': return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 1, 254, 255]).toString('base64'), isBase64Encoded: true };
    default: return { statusCode: 200, body: JSON.stringify(event) };
  }
};
`;

const server = await startLambkin();
const client = server.client();

async function curl(args: string[]): Promise<{ status: number; headers: string; body: string }> {
  const { stdout } = await run('curl', ['-sS', '-D', '-', '--max-time', '60', ...args], { maxBuffer: 16 << 20 });
  const split = stdout.indexOf('\r\n\r\n');
  const headers = stdout.slice(0, split);
  return { status: Number(/^HTTP\/[\d.]+ (\d+)/.exec(headers)![1]), headers: headers.toLowerCase(), body: stdout.slice(split + 4) };
}

describe('function URL gateway (AuthType NONE)', () => {
  let urlId = '';
  let functionUrl = '';
  let host = '';

  before(async () => {
    await deploy(client, 'web', { 'index.js': HANDLER });
    const created = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE' }));
    functionUrl = created.FunctionUrl!;
    urlId = /^http:\/\/([a-z0-9]{32})\.lambda-url\.us-east-1\.localhost:\d+\/$/.exec(functionUrl)![1]!;
    host = `${urlId}.lambda-url.us-east-1.localhost`;
  });

  it('refuses a URL without both permissions, in AWS\'s body', async () => {
    const none = await curl(['-H', `Host: ${host}`, `${server.url}/`]);
    assert.equal(none.status, 403);
    assert.match(none.headers, /x-amzn-errortype: accessdeniedexception/);
    assert.deepEqual(JSON.parse(none.body), FORBIDDEN);
    await client.send(new AddPermissionCommand({
      FunctionName: 'web', StatementId: 'url', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE',
    }));
    const half = await curl(['-H', `Host: ${host}`, `${server.url}/`]);
    assert.equal(half.status, 403, 'InvokeFunctionUrl alone no longer lets a URL call in');
    assert.deepEqual(JSON.parse(half.body), FORBIDDEN);
    const added = await client.send(new AddPermissionCommand({
      FunctionName: 'web', StatementId: 'invoke', Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true,
    }));
    assert.deepEqual(JSON.parse(added.Statement!).Condition, { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } });
    const both = await curl(['-H', `Host: ${host}`, `${server.url}/`]);
    assert.equal(both.status, 200);
  });

  it('hands the function every payload 2.0 field, through the Host header', async () => {
    const r = await curl(['-H', `Host: ${host}`, '-H', 'Extra-Headers: With WeiRd CapS', '-H', 'X-Multi: a', '-H', 'X-Multi: b',
      '-H', 'Cookie: c1=v1; c2=v2', '-H', 'Content-Type: application/json', '-A', 'test/echo',
      '--data-binary', '{"foo":"bar"}', `${server.url}/pa2%Fth/1?q=query&multiQuery=foo&multiQuery=%2Fbar`]);
    assert.equal(r.status, 200);
    assert.match(r.headers, /content-type: application\/json/);
    assert.match(r.headers, /x-amzn-requestid: [0-9a-f-]{36}/);
    const event = JSON.parse(r.body);
    const requestId = /x-amzn-requestid: ([0-9a-f-]{36})/.exec(r.headers)![1];
    assert.equal(event.version, '2.0');
    assert.equal(event.routeKey, '$default');
    assert.equal(event.rawPath, '/pa2%Fth/1');
    assert.equal(event.rawQueryString, 'q=query&multiQuery=foo&multiQuery=%2Fbar');
    assert.deepEqual(event.queryStringParameters, { q: 'query', multiQuery: 'foo,/bar' });
    assert.deepEqual(event.cookies, ['c1=v1', 'c2=v2']);
    assert.equal(event.headers['extra-headers'], 'With WeiRd CapS');
    assert.equal(event.headers['x-multi'], 'a,b');
    assert.equal(event.headers['content-type'], 'application/json');
    assert.equal(event.headers['user-agent'], 'test/echo');
    assert.equal(event.headers.host, host);
    assert.equal(event.headers.cookie, undefined);
    assert.equal(event.body, '{"foo":"bar"}');
    assert.equal(event.isBase64Encoded, false);
    const ctx = event.requestContext;
    assert.equal(ctx.accountId, 'anonymous');
    assert.equal(ctx.apiId, urlId);
    assert.equal(ctx.domainName, host);
    assert.equal(ctx.domainPrefix, urlId);
    assert.deepEqual(ctx.http, { method: 'POST', path: '/pa2%Fth/1', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test/echo' });
    assert.equal(ctx.requestId, requestId);
    assert.equal(ctx.routeKey, '$default');
    assert.equal(ctx.stage, '$default');
    assert.match(ctx.time, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    assert.equal(typeof ctx.timeEpoch, 'number');
    assert.equal(ctx.authorizer, undefined);
  });

  it('answers on the URL\'s own *.localhost name and on the path form', async () => {
    const named = await curl([`${functionUrl}string`]);
    assert.equal(named.status, 200);
    assert.equal(named.body, 'hello');
    const pathForm = await curl([`${server.url}/_lambkin/url/${urlId}/dict?x=1`]);
    assert.equal(pathForm.status, 200);
    assert.equal(pathForm.body, '{"hello":"world"}');
    const echoed = JSON.parse((await curl([`${server.url}/_lambkin/url/${urlId}/deep/path`])).body);
    assert.equal(echoed.rawPath, '/deep/path');
    assert.equal(echoed.requestContext.apiId, urlId);
  });

  it('infers answers for every return shape as AWS does (recorded: test_lambda_url_invocation[*])', async () => {
    const at = (path: string) => fetch(`${server.url}/_lambkin/url/${urlId}${path}`);
    for (const [path, body, length] of [['/string', 'hello', '5'], ['/dict', '{"hello":"world"}', '17'], ['/list', '["hello",3,true]', '16'], ['/number', '3.1', '3']]) {
      const r = await at(path!);
      assert.equal(r.status, 200, path);
      assert.equal(r.headers.get('content-type'), 'application/json', path);
      assert.equal(r.headers.get('content-length'), length, path);
      assert.equal(await r.text(), body, path);
    }
    const shaped = await at('/shaped');
    assert.equal(shaped.status, 201);
    assert.equal(shaped.headers.get('x-custom'), 'v');
    assert.equal(shaped.headers.get('content-type'), 'text/plain');
    assert.deepEqual(shaped.headers.getSetCookie(), ['a=1', 'b=2; Path=/']);
    assert.equal(await shaped.text(), 'made');
    const binary = await at('/binary');
    assert.deepEqual([...new Uint8Array(await binary.arrayBuffer())], [0, 1, 254, 255]);
  });

  it('sends a binary body as base64 and a function error or bad shape as 502', async () => {
    const posted = await fetch(`${server.url}/_lambkin/url/${urlId}/`, {
      method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([0, 1, 254, 255]),
    });
    const event = JSON.parse(await posted.text());
    assert.equal(event.isBase64Encoded, true);
    assert.equal(event.body, Buffer.from([0, 1, 254, 255]).toString('base64'));
    for (const path of ['/throw', '/bad-shape']) {
      const r = await fetch(`${server.url}/_lambkin/url/${urlId}${path}`);
      assert.equal(r.status, 502, path);
      assert.equal(await r.text(), 'Internal Server Error', path);
    }
  });

  it('refuses a body over the invoke limit with 413 and an unknown URL with 403 Forbidden, as AWS answers a deleted one', async () => {
    const big = await fetch(`${server.url}/_lambkin/url/${urlId}/`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(6_291_457) });
    assert.equal(big.status, 413);
    assert.deepEqual(await big.json(), { Message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' });
    const unknown = await curl(['-H', 'Host: 0123456789abcdefghijklmnopqrstuv.lambda-url.us-east-1.localhost', `${server.url}/`]);
    assert.equal(unknown.status, 403);
    assert.match(unknown.headers, /x-amzn-errortype: accessdeniedexception/);
    assert.deepEqual(JSON.parse(unknown.body), { Message: 'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html' });
    const otherRegion = await curl(['-H', `Host: ${urlId}.lambda-url.eu-west-1.localhost`, `${server.url}/`]);
    assert.equal(otherRegion.status, 403);
  });

  it('answers 429 in AWS\'s words while the function may not run', async () => {
    await client.send(new PutFunctionConcurrencyCommand({ FunctionName: 'web', ReservedConcurrentExecutions: 0 }));
    try {
      const r = await fetch(`${server.url}/_lambkin/url/${urlId}/string`);
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('x-amzn-errortype'), 'TooManyRequestsException');
      assert.deepEqual(await r.json(), { Message: 'Rate Exceeded.' });
    } finally {
      await client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: 'web' }));
    }
  });

  it('serves an alias\'s URL under the alias\'s own policy', async () => {
    const version = (await client.send(new PublishVersionCommand({ FunctionName: 'web' }))).Version!;
    await client.send(new CreateAliasCommand({ FunctionName: 'web', Name: 'live', FunctionVersion: version }));
    const created = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', Qualifier: 'live', AuthType: 'NONE' }));
    const aliasUrl = created.FunctionUrl!;
    assert.notEqual(aliasUrl, functionUrl);
    assert.equal((await curl([`${aliasUrl}string`])).status, 403, 'the function\'s statements do not cover its alias');
    for (const [sid, action, extra] of [['u', 'lambda:InvokeFunctionUrl', { FunctionUrlAuthType: 'NONE' as const }], ['i', 'lambda:InvokeFunction', { InvokedViaFunctionUrl: true }]] as const) {
      await client.send(new AddPermissionCommand({ FunctionName: 'web', Qualifier: 'live', StatementId: sid, Action: action, Principal: '*', ...extra }));
    }
    const r = await curl([`${aliasUrl}string`]);
    assert.equal(r.status, 200);
    assert.equal(r.body, 'hello');
  });

  it('answers 502 for a response over the 6 MB limit', async () => {
    const r = await fetch(`${server.url}/_lambkin/url/${urlId}/huge`);
    assert.equal(r.status, 502);
    assert.equal(await r.text(), 'Internal Server Error');
  });

  it('serves the same URL, under the same policy, after a restart', async () => {
    await server.restart();
    const r = await curl(['-H', `Host: ${host}`, `${server.url}/string`]);
    assert.equal(r.status, 200);
    assert.equal(r.body, 'hello');
  });
});
