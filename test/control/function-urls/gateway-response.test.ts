/**
 * The URL's answer for every return shape AWS was recorded answering
 * (test_lambda_url.snapshot.json: test_lambda_url_invocation[*]), and the shapes it refuses.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { answerFromResult } from '../../../src/control/function-urls/gateway/response.js';

const SNAPSHOT = JSON.parse(readFileSync('/work/shared/reference/aws-recorded/test_lambda_url.snapshot.json', 'utf8')) as
  Record<string, { 'recorded-content': Record<string, { content: unknown; headers: Record<string, string>; statuscode: number }> }>;

function recorded(shape: string) {
  return SNAPSHOT[`tests/aws/services/lambda_/test_lambda.py::TestLambdaURL::test_lambda_url_invocation[${shape}]`]!['recorded-content'].lambda_url_invocation!;
}

/** What each recorded function returned (the parity suite's handler), as the runtime serialises it. */
const RETURNED: Record<string, unknown> = {
  dict: { hello: 'world' },
  'http-response': { statusCode: 200, body: 'body123' },
  'http-response-json': { statusCode: 200, body: '{"hello": "world"}' },
  'list-mixed': ['hello', 3, true],
  string: 'hello',
  integer: 3,
  float: 3.1,
  boolean: true,
};

describe('function URL response inference', () => {
  for (const [shape, returned] of Object.entries(RETURNED)) {
    it(`answers a returned ${shape} as AWS did`, () => {
      const want = recorded(shape);
      const answer = answerFromResult(Buffer.from(JSON.stringify(returned)))!;
      assert.equal(answer.statusCode, want.statuscode);
      assert.equal(answer.headers['content-type'], want.headers['Content-Type']);
      assert.equal(String(answer.body.length), want.headers['Content-Length']);
      const body = answer.body.toString();
      // boto's test parsed JSON bodies; strings it kept as text.
      const content = (() => { try { return JSON.parse(body); } catch { return body; } })();
      assert.deepEqual(typeof want.content === 'string' && typeof content !== 'string' ? body : content, want.content);
    });
  }

  it('serves status, headers (lower-cased), cookies and a base64 body from a response object', () => {
    const answer = answerFromResult(Buffer.from(JSON.stringify({
      statusCode: 201, headers: { 'Content-Type': 'image/png', 'X-Count': 3 }, cookies: ['a=1', 'b=2; Path=/'],
      body: Buffer.from([0, 255, 1]).toString('base64'), isBase64Encoded: true,
    })))!;
    assert.equal(answer.statusCode, 201);
    assert.deepEqual(answer.headers, { 'content-type': 'image/png', 'x-count': '3' });
    assert.deepEqual(answer.cookies, ['a=1', 'b=2; Path=/']);
    assert.deepEqual([...answer.body], [0, 255, 1]);
  });

  it('treats an object without statusCode as a body, a statusCode without body as an empty one', () => {
    assert.equal(answerFromResult(Buffer.from('{"body":"x","headers":{"a":"b"}}'))!.body.toString(), '{"body":"x","headers":{"a":"b"}}');
    const empty = answerFromResult(Buffer.from('{"statusCode":204}'))!;
    assert.equal(empty.statusCode, 204);
    assert.equal(empty.body.length, 0);
  });

  it('refuses shapes a URL cannot serve (the gateway answers 502)', () => {
    for (const bad of [
      { statusCode: 'abc' }, { statusCode: 42 }, { statusCode: 200.5 }, { statusCode: 200, headers: 'x' },
      { statusCode: 200, headers: { a: { b: 1 } } }, { statusCode: 200, cookies: 'a=1' }, { statusCode: 200, isBase64Encoded: 'yes' },
    ]) {
      assert.equal(answerFromResult(Buffer.from(JSON.stringify(bad))), undefined, JSON.stringify(bad));
    }
  });
});
