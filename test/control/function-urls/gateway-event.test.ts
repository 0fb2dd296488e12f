/**
 * The payload 2.0 event, checked against what AWS handed the recorded echo functions
 * (test_lambda_url.snapshot.json: echo_http_fixture_default, form_payload) and AWS's documented fields.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildUrlEvent, requestTime, type UrlHttpRequest } from '../../../src/control/function-urls/gateway/event.js';

const SNAPSHOT = JSON.parse(readFileSync('/work/shared/reference/aws-recorded/test_lambda_url.snapshot.json', 'utf8')) as
  Record<string, { 'recorded-content': { url_response: { args: Record<string, string>; data: unknown; headers: Record<string, string>; method: string; path: string } } }>;
const recorded = (name: string) => SNAPSHOT[`tests/aws/services/lambda_/test_lambda.py::TestLambdaURL::${name}`]!['recorded-content'].url_response;

const URL_ID = 'abcdefghijklmnopqrstuvwxyz012345';
const HOST = `${URL_ID}.lambda-url.us-east-1.localhost`;
const NOW = new Date(Date.UTC(2026, 11, 2, 1, 5, 9, 123));
const CTX = { urlId: URL_ID, domainName: HOST, port: '9001', requestId: 'req-1', now: NOW };

function request(over: Partial<UrlHttpRequest>): UrlHttpRequest {
  return { method: 'GET', rawPath: '/', rawQuery: '', rawHeaders: ['Host', HOST], body: Buffer.alloc(0), sourceIp: '127.0.0.1', protocol: 'HTTP/1.1', ...over };
}

describe('function URL event (payload format 2.0)', () => {
  it('carries what the recorded echo function saw: raw path, joined query keys, lower-cased headers, JSON body as text', () => {
    const want = recorded('test_lambda_url_echo_http_fixture_default');
    const body = Buffer.from(JSON.stringify(want.data));
    const event = buildUrlEvent(request({
      method: 'POST', rawPath: '/pa2%Fth/1', rawQuery: 'q=query&multiQuery=foo&multiQuery=%2Fbar',
      rawHeaders: ['Host', HOST, 'Accept', '*/*', 'Accept-Encoding', 'gzip, deflate', 'Content-Length', String(body.length),
        'Content-Type', 'application/json', 'Extra-Headers', 'With WeiRd CapS', 'User-Agent', 'test/echo', 'Connection', 'keep-alive'],
      body,
    }), CTX) as Record<string, any>;
    assert.equal(event.rawPath, want.path);
    assert.equal(event.requestContext.http.method, want.method);
    assert.deepEqual(event.queryStringParameters, want.args);
    for (const name of ['accept', 'accept-encoding', 'content-type', 'extra-headers', 'user-agent']) {
      assert.equal(event.headers[name], want.headers[name], name);
    }
    assert.equal(event.headers.host, HOST);
    assert.equal(event.headers.connection, undefined);
    assert.equal(event.headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(event.headers['x-forwarded-proto'], 'http');
    assert.equal(event.headers['x-forwarded-port'], '9001');
    assert.match(event.headers['x-amzn-trace-id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    assert.deepEqual(JSON.parse(event.body), want.data);
    assert.equal(event.isBase64Encoded, false);
  });

  it('base64-encodes a multipart form body, as the recorded form payload arrived', () => {
    const want = recorded('test_lambda_url_form_payload');
    const body = Buffer.from(want.data as string, 'base64');
    const event = buildUrlEvent(request({ method: 'POST', rawHeaders: ['Content-Type', want.headers['content-type']!], body }), CTX) as Record<string, any>;
    assert.equal(event.body, want.data);
    assert.equal(event.isBase64Encoded, true);
  });

  it('fills every requestContext field as AWS does for AuthType NONE', () => {
    const event = buildUrlEvent(request({ rawPath: '/a/b', rawHeaders: ['Host', HOST, 'User-Agent', 'curl/8'] }), CTX) as Record<string, any>;
    assert.deepEqual(event, {
      version: '2.0', routeKey: '$default', rawPath: '/a/b', rawQueryString: '',
      headers: event.headers, isBase64Encoded: false,
      requestContext: {
        accountId: 'anonymous', apiId: URL_ID, domainName: HOST, domainPrefix: URL_ID,
        http: { method: 'GET', path: '/a/b', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'curl/8' },
        requestId: 'req-1', routeKey: '$default', stage: '$default', time: '02/Dec/2026:01:05:09 +0000', timeEpoch: NOW.getTime(),
      },
    });
  });

  it('joins repeated headers with commas and moves cookies out of the headers', () => {
    const event = buildUrlEvent(request({ rawHeaders: ['X-Multi', 'a', 'x-multi', 'b', 'Cookie', 'c1=v1; c2=v2', 'Cookie', 'c3=v3'] }), CTX) as Record<string, any>;
    assert.equal(event.headers['x-multi'], 'a,b');
    assert.equal(event.headers.cookie, undefined);
    assert.deepEqual(event.cookies, ['c1=v1', 'c2=v2', 'c3=v3']);
  });

  it('passes text bodies as text and everything else (binary, no content type) as base64', () => {
    for (const [type, text] of [['text/plain; charset=utf-8', true], ['application/xml', true], ['application/vnd.api+json', true],
      ['application/octet-stream', false], ['image/png', false], [undefined, false]] as const) {
      const event = buildUrlEvent(request({ rawHeaders: type ? ['Content-Type', type] : [], body: Buffer.from('hi') }), CTX) as Record<string, any>;
      assert.equal(event.isBase64Encoded, !text, String(type));
      assert.equal(event.body, text ? 'hi' : 'aGk=', String(type));
    }
  });

  it('names the AWS_IAM caller in accountId and authorizer.iam', () => {
    const iam = { accessKey: 'AKIDEXAMPLE', accountId: '222222222222', userArn: 'arn:aws:iam::222222222222:root', userId: '222222222222' };
    const event = buildUrlEvent(request({}), { ...CTX, iam }) as Record<string, any>;
    assert.equal(event.requestContext.accountId, '222222222222');
    assert.deepEqual(event.requestContext.authorizer, { iam: { ...iam, callerId: '222222222222', cognitoIdentity: null, principalOrgId: null } });
  });

  it('writes time as dd/MMM/yyyy:HH:mm:ss +0000', () => {
    assert.equal(requestTime(new Date(Date.UTC(2024, 0, 5, 3, 4, 5))), '05/Jan/2024:03:04:05 +0000');
  });
});
