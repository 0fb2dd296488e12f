/** InvokeWithResponseStream with streamifyResponse handlers: framing, incremental delivery, prelude, logs. */
import { describe, test } from 'node:test';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import assert from 'node:assert/strict';
import { startLambkin } from '../../support/server.js';
import { gate, MEET_JS } from '../../support/rendezvous.js';
import { decodeFrames, deploy, headerValues, invokeStream, signedRequest, streamingHandler } from './fixtures.js';

const server = await startLambkin();
const client = server.client();
await deploy(client, 'three-chunks', streamingHandler(`
  stream.write('one,');
  await sleep(20);
  stream.write(Buffer.from('two,'));
  await sleep(20);
  stream.end('three');`));
// Writes its second chunk only once the client says it has the first (or the gate gives up).
await deploy(client, 'slow-second', streamingHandler(`
  stream.write('first');
  const opened = await (${MEET_JS})(event.gate);
  stream.write('second:' + opened);
  stream.end();`), { timeout: 120 });
await deploy(client, 'http-prelude', streamingHandler(`
  const http = awslambda.HttpResponseStream.from(stream, { statusCode: 201, headers: { 'x-test': 'yes' } });
  http.write('body');
  http.end();`));
await deploy(client, 'logs', streamingHandler(`
  console.log('hello from the stream');
  stream.end('done');`));
await deploy(client, 'context', streamingHandler(`
  stream.end(JSON.stringify({ event, arn: context.invokedFunctionArn, custom: context.clientContext?.custom }));`));

describe('InvokeWithResponseStream: streaming handlers', () => {
  test('chunks arrive in order as PayloadChunk events, then an empty InvokeComplete', async () => {
    const r = await invokeStream(client, 'three-chunks');
    assert.equal(r.status, 200);
    assert.equal(r.executedVersion, '$LATEST');
    assert.equal(r.contentType, 'application/vnd.amazon.eventstream');
    assert.equal(r.text(), 'one,two,three');
    assert.deepEqual(r.chunks.map(String), ['one,', 'two,', 'three']);
    assert.deepEqual(r.kinds, ['PayloadChunk', 'PayloadChunk', 'PayloadChunk', 'InvokeComplete']);
    assert.deepEqual(r.complete, {});
  });

  test('the first chunk reaches the client before the function writes the second', async () => {
    const firstSeen = await gate();
    const r = await invokeStream(client, 'slow-second', { gate: firstSeen.url }, {}, () => firstSeen.release());
    assert.deepEqual(r.kinds, ['PayloadChunk', 'PayloadChunk', 'InvokeComplete']);
    assert.deepEqual(r.chunks.map(String), ['first', 'second:go']);
  });

  test('the wire: status, headers and event headers AWS sends', async () => {
    const res = await signedRequest(server.url, {
      method: 'POST', path: '/2021-11-15/functions/three-chunks/response-streaming-invocations', body: '{}',
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.amazon.eventstream');
    assert.equal(res.headers['x-amz-executed-version'], '$LATEST');
    const messages = decodeFrames(res.body);
    assert.equal(messages.length, 4);
    for (const m of messages.slice(0, 3)) {
      assert.deepEqual(headerValues(m), {
        ':event-type': 'PayloadChunk', ':message-type': 'event', ':content-type': 'application/octet-stream',
      });
    }
    assert.deepEqual(messages.slice(0, 3).map((m) => Buffer.from(m.body).toString()), ['one,', 'two,', 'three']);
    const last = messages[3]!;
    assert.deepEqual(headerValues(last), {
      ':event-type': 'InvokeComplete', ':message-type': 'event', ':content-type': 'application/json',
    });
    assert.equal(Buffer.from(last.body).toString(), '{}');
  });

  test('HttpResponseStream.from: the prelude, 8 NUL bytes and the body pass through as payload bytes', async () => {
    const r = await invokeStream(client, 'http-prelude');
    const expected = Buffer.concat([
      Buffer.from(JSON.stringify({ statusCode: 201, headers: { 'x-test': 'yes' } })),
      Buffer.alloc(8),
      Buffer.from('body'),
    ]);
    assert.deepEqual(Buffer.concat(r.chunks), expected);
    assert.equal(r.contentType, 'application/vnd.amazon.eventstream');
    assert.deepEqual(r.complete, {});
  });

  test('LogType=Tail puts the log tail in InvokeComplete.LogResult; without it there is none', async () => {
    const tailed = await invokeStream(client, 'logs', {}, { LogType: 'Tail' });
    assert.equal(tailed.text(), 'done');
    assert.deepEqual(Object.keys(tailed.complete ?? {}), ['LogResult']);
    const log = Buffer.from(tailed.complete!.LogResult!, 'base64').toString('utf8');
    assert.match(log, /\tINFO\thello from the stream\n/);
    assert.match(log, new RegExp(`^END RequestId: ${tailed.requestId}$`, 'm'));
    assert.match(log, new RegExp(`^REPORT RequestId: ${tailed.requestId}\\t`, 'm'));

    const plain = await invokeStream(client, 'logs');
    assert.deepEqual(plain.complete, {});
  });

  test('DryRun on this operation runs the function and streams its answer, as AWS does', async () => {
    const r = await invokeStream(client, 'three-chunks', {}, { InvocationType: 'DryRun' });
    assert.equal(r.status, 200);
    assert.equal(r.text(), 'one,two,three');
    assert.deepEqual(r.complete, {});
  });

  test('the event, the invoked ARN (qualified when asked) and the client context reach the handler', async () => {
    const clientContext = Buffer.from(JSON.stringify({ custom: { tenant: 't-1' } })).toString('base64');
    const r = await invokeStream(client, 'arn:aws:lambda:us-east-1:000000000000:function:context', { n: 1 }, {
      Qualifier: '$LATEST', ClientContext: clientContext,
    });
    assert.equal(r.executedVersion, '$LATEST');
    assert.deepEqual(JSON.parse(r.text()), {
      event: { n: 1 }, arn: 'arn:aws:lambda:us-east-1:000000000000:function:context:$LATEST', custom: { tenant: 't-1' },
    });
  });

  test('a client context whose JSON spans lines reaches the handler whole, buffered or streamed', async () => {
    const clientContext = Buffer.from('{"custom":\r\n  {"tenant": "t-2"}\n}').toString('base64');
    const streamed = await invokeStream(client, 'context', {}, { ClientContext: clientContext });
    assert.deepEqual(JSON.parse(streamed.text()).custom, { tenant: 't-2' });
    const buffered = await client.send(new InvokeCommand({ FunctionName: 'context', Payload: Buffer.from('{}'), ClientContext: clientContext }));
    assert.equal(buffered.StatusCode, 200);
    assert.equal(buffered.FunctionError, undefined);
  });

  test('a client context that is not base64-encoded JSON is InvalidRequestContentException', async () => {
    for (const bad of ['not base64!', Buffer.from('not json').toString('base64'), Buffer.from('[1]').toString('base64')]) {
      const res = await signedRequest(server.url, {
        method: 'POST', path: '/2021-11-15/functions/context/response-streaming-invocations', body: '{}',
        headers: { 'x-amz-client-context': bad },
      });
      assert.equal(res.status, 400);
      assert.equal(res.headers['x-amzn-errortype'], 'InvalidRequestContentException');
      assert.deepEqual(JSON.parse(res.body.toString()), { Type: 'User', message: 'Client context must be a valid Base64-encoded JSON object.' });
    }
  });
});
