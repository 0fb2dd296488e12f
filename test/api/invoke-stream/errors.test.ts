/** InvokeWithResponseStream failures: mid-stream errors, timeouts, the 20 MiB cap, and Invoke's own HTTP errors. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeWithResponseStreamCommand, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { deploy, invokeStream, signedRequest, streamingHandler, type RawResponse } from './fixtures.js';

const server = await startLambkin();
const client = server.client();
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function';
const PATH = '/2021-11-15/functions';
const MIB = 1_048_576;

await deploy(client, 'throws-midway', streamingHandler(`
  console.log('about to fail');
  stream.write('before ');
  await sleep(20);
  throw new TypeError('boom mid-stream');`));
await deploy(client, 'times-out', streamingHandler(`
  stream.write('partial');
  await sleep(10_000);
  stream.end();`), { timeout: 1 });
await deploy(client, 'too-big', streamingHandler(`
  for (let i = 0; i < 21; i++) {
    if (!stream.write(Buffer.alloc(${MIB}, 97))) await new Promise((r) => stream.once('drain', r));
  }
  stream.end();`));
await deploy(client, 'exits', streamingHandler(`
  stream.write('last words');
  await sleep(50);
  process.exit(3);`));
await deploy(client, 'echo', { 'index.js': 'exports.handler = async (event) => event;\n' });

function errorOf(res: RawResponse) {
  return { status: res.status, type: res.headers['x-amzn-errortype'], body: JSON.parse(res.body.toString()) as unknown };
}

describe('errors while streaming end the stream with InvokeComplete', () => {
  test('a handler that throws mid-stream: what was written, then ErrorCode/ErrorDetails from the error trailers', async () => {
    const r = await invokeStream(client, 'throws-midway');
    assert.equal(r.status, 200);
    assert.deepEqual(r.kinds, ['PayloadChunk', 'InvokeComplete']);
    assert.equal(r.text(), 'before ');
    assert.deepEqual(r.complete, { ErrorCode: 'TypeError', ErrorDetails: 'boom mid-stream' });
  });

  test('with LogType=Tail the error and the log tail come together', async () => {
    const r = await invokeStream(client, 'throws-midway', {}, { LogType: 'Tail' });
    assert.equal(r.complete?.ErrorCode, 'TypeError');
    assert.equal(r.complete?.ErrorDetails, 'boom mid-stream');
    assert.match(Buffer.from(r.complete!.LogResult!, 'base64').toString(), /\tINFO\tabout to fail\n/);
  });

  test('a timeout mid-stream: the chunk already written, then Sandbox.Timedout', async () => {
    const r = await invokeStream(client, 'times-out');
    assert.equal(r.status, 200);
    assert.deepEqual(r.chunks.map(String), ['partial']);
    assert.deepEqual(r.complete, {
      ErrorCode: 'Sandbox.Timedout',
      ErrorDetails: `RequestId: ${r.requestId} Error: Task timed out after 1.00 seconds`,
    });
  });

  test('a runtime that exits mid-stream: the chunk already written, then Runtime.ExitError', async () => {
    const r = await invokeStream(client, 'exits');
    assert.deepEqual(r.chunks.map(String), ['last words']);
    assert.deepEqual(r.complete, {
      ErrorCode: 'Runtime.ExitError',
      ErrorDetails: `RequestId: ${r.requestId} Error: Runtime exited with error: exit status 3`,
    });
  });

  test('the stream is cut at 20 MiB with Function.ResponseSizeTooLarge', async () => {
    const r = await invokeStream(client, 'too-big');
    assert.equal(r.status, 200);
    const total = r.chunks.reduce((n, c) => n + c.length, 0);
    assert.equal(total, 20 * MIB);
    assert.ok(r.chunks.every((c) => c.every((b) => b === 97)));
    assert.equal(r.kinds.at(-1), 'InvokeComplete');
    assert.deepEqual(r.complete, {
      ErrorCode: 'Function.ResponseSizeTooLarge',
      ErrorDetails: 'Response payload size exceeded maximum allowed payload size (20971520 bytes).',
    });
  });
});

describe('answers before the function runs are plain HTTP errors, as for Invoke', () => {
  test('an unknown function is a 404 naming its ARN', async () => {
    const res = await signedRequest(server.url, { method: 'POST', path: `${PATH}/missing/response-streaming-invocations`, body: '{}' });
    assert.deepEqual(errorOf(res), {
      status: 404, type: 'ResourceNotFoundException', body: { Type: 'User', Message: `Function not found: ${ARN}:missing` },
    });
    await assert.rejects(client.send(new InvokeWithResponseStreamCommand({ FunctionName: 'missing' })), (err: unknown) => {
      assert.ok(err instanceof ResourceNotFoundException);
      assert.equal(err.message, `Function not found: ${ARN}:missing`);
      assert.equal(err.$metadata.httpStatusCode, 404);
      return true;
    });
  });

  test('an unknown qualifier is a 404 naming the qualified ARN', async () => {
    const res = await signedRequest(server.url, { method: 'POST', path: `${PATH}/echo/response-streaming-invocations?Qualifier=9`, body: '{}' });
    assert.deepEqual(errorOf(res), {
      status: 404, type: 'ResourceNotFoundException', body: { Type: 'User', Message: `Function not found: ${ARN}:echo:9` },
    });
  });

  test('a payload that is not JSON is InvalidRequestContentException with Jackson\'s text', async () => {
    const res = await signedRequest(server.url, { method: 'POST', path: `${PATH}/echo/response-streaming-invocations`, body: '{"a":' });
    assert.deepEqual(errorOf(res), {
      status: 400,
      type: 'InvalidRequestContentException',
      body: {
        Type: 'User',
        message: 'Could not parse request body into json: Could not parse payload into json: '
          + "Unexpected end-of-input: expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
          + '\n at [Source: (byte[])"{"a":"; line: 1, column: 7]',
      },
    });
  });

  test('a request over 6 MB is RequestTooLargeException (413)', async () => {
    // Declared, not sent: the answer comes from the length alone, so the client never races a closed socket.
    const res = await signedRequest(server.url, {
      method: 'POST', path: `${PATH}/echo/response-streaming-invocations`, body: '"x"', headers: { 'content-length': '6291459' },
    });
    assert.deepEqual(errorOf(res), {
      status: 413,
      type: 'RequestTooLargeException',
      body: { Type: 'User', message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' },
    });
  });
});
