/** The streamed answer's prelude parsing: split across chunks, absent, or malformed. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HTTP_INTEGRATION_CONTENT_TYPE, StreamedAnswer, type StreamHead } from '../../../src/control/function-urls/gateway/stream.js';

function collector() {
  const heads: StreamHead[] = [];
  const body: string[] = [];
  return { heads, body, sink: { head: (h: StreamHead) => heads.push(h), body: (b: Buffer) => body.push(b.toString()) } };
}

describe('streamed URL answer', () => {
  it('waits for the whole prelude, even split across chunks and inside the NUL delimiter', () => {
    const c = collector();
    const answer = new StreamedAnswer(c.sink);
    const prelude = Buffer.concat([Buffer.from('{"statusCode":202,"headers":{"X-A":"1"},"cookies":["k=v"]}'), Buffer.alloc(8), Buffer.from('body1')]);
    answer.push(prelude.subarray(0, 10), HTTP_INTEGRATION_CONTENT_TYPE);
    answer.push(prelude.subarray(10, prelude.length - 8), HTTP_INTEGRATION_CONTENT_TYPE);
    assert.equal(answer.headSent, false);
    answer.push(prelude.subarray(prelude.length - 8), HTTP_INTEGRATION_CONTENT_TYPE);
    answer.push(Buffer.from('body2'), HTTP_INTEGRATION_CONTENT_TYPE);
    assert.deepEqual(c.heads, [{ statusCode: 202, headers: { 'x-a': '1', 'content-type': 'application/octet-stream' }, cookies: ['k=v'] }]);
    assert.equal(c.body.join(''), 'body1body2');
  });

  it('starts a stream without a prelude at once as 200 application/octet-stream', () => {
    const c = collector();
    new StreamedAnswer(c.sink).push(Buffer.from('{"statusCode":500}'), 'application/octet-stream');
    assert.deepEqual(c.heads, [{ statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, cookies: [] }]);
    assert.deepEqual(c.body, ['{"statusCode":500}']);
  });

  it('marks a malformed or unfinished prelude unusable (the URL answers 502)', () => {
    const bad = new StreamedAnswer(collector().sink);
    assert.equal(bad.push(Buffer.concat([Buffer.from('{"statusCode":"x"}'), Buffer.alloc(8)]), HTTP_INTEGRATION_CONTENT_TYPE), false);
    assert.equal(bad.unusable, true);
    const unfinished = new StreamedAnswer(collector().sink);
    unfinished.push(Buffer.from('{"statusCode":200}'), HTTP_INTEGRATION_CONTENT_TYPE);
    assert.equal(unfinished.unusable, true);
    assert.equal(unfinished.headSent, false);
  });
});
