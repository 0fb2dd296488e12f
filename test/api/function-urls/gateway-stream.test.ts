/**
 * InvokeMode RESPONSE_STREAM: the HttpResponseStream prelude becomes the HTTP head (status, headers,
 * cookies), the body reaches the client chunked as the function writes it (the function writes its
 * second chunk only after the client has the first), and an error mid-stream cuts the answer short.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { get, type IncomingMessage } from 'node:http';
import { AddPermissionCommand, CreateFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { gate, MEET_JS } from '../../support/rendezvous.js';
import { deploy } from '../invoke/helpers.js';
import { streamingHandler } from '../invoke-stream/fixtures.js';

const server = await startLambkin();
const client = server.client();

async function urlFor(name: string, files: Record<string, string>, invokeMode: 'RESPONSE_STREAM' | 'BUFFERED' = 'RESPONSE_STREAM'): Promise<string> {
  await deploy(client, name, files, { timeout: 120 });
  const created = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: name, AuthType: 'NONE', InvokeMode: invokeMode }));
  await client.send(new AddPermissionCommand({ FunctionName: name, StatementId: 'u', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' }));
  await client.send(new AddPermissionCommand({ FunctionName: name, StatementId: 'i', Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true }));
  const urlId = /^http:\/\/([a-z0-9]{32})\./.exec(created.FunctionUrl!)![1]!;
  return `${server.url}/_lambkin/url/${urlId}`;
}

interface Received { res: IncomingMessage; chunks: string[]; aborted: boolean }

function receive(url: string, onChunk: (chunk: string) => void = () => {}): Promise<Received> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      const chunks: string[] = [];
      let aborted = false;
      res.on('data', (c: Buffer) => { chunks.push(c.toString()); onChunk(c.toString()); });
      res.on('aborted', () => { aborted = true; });
      res.on('error', () => { aborted = true; });
      res.on('close', () => resolve({ res, chunks, aborted: aborted || !res.complete }));
    }).on('error', reject);
  });
}

describe('function URL gateway (RESPONSE_STREAM)', () => {
  let prelude = '';
  let failing = '';
  let plain = '';

  before(async () => {
    prelude = await urlFor('streamer', streamingHandler(`
      const http = awslambda.HttpResponseStream.from(stream, { statusCode: 201, headers: { 'X-Test': 'yes', 'content-type': 'text/plain' }, cookies: ['s=1'] });
      http.write('first');
      const opened = await (${MEET_JS})(event.queryStringParameters.gate);
      http.write('second:' + opened);
      http.end();`));
    failing = await urlFor('breaks', streamingHandler(`
      stream.write('partial');
      await sleep(10);
      throw new Error('mid-stream');`));
    plain = await urlFor('plain', streamingHandler(`stream.end('no prelude');`));
  });

  it('sends the prelude as the head and the first chunk before the function writes the second', async () => {
    const firstSeen = await gate();
    const got = await receive(`${prelude}/?gate=${encodeURIComponent(firstSeen.url)}`, (chunk) => {
      if (chunk.includes('first')) firstSeen.release();
    });
    assert.equal(got.res.statusCode, 201);
    assert.equal(got.res.headers['x-test'], 'yes');
    assert.equal(got.res.headers['content-type'], 'text/plain');
    assert.deepEqual(got.res.headers['set-cookie'], ['s=1']);
    assert.equal(got.res.headers['transfer-encoding'], 'chunked');
    assert.match(String(got.res.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/);
    assert.equal(got.aborted, false);
    // 'go' only if the gate was released on the first chunk, i.e. it reached us before the second was written.
    assert.equal(got.chunks.join(''), 'firstsecond:go');
  });

  it('streams a handler without a prelude as application/octet-stream', async () => {
    const got = await receive(`${plain}/`);
    assert.equal(got.res.statusCode, 200);
    assert.equal(got.res.headers['content-type'], 'application/octet-stream');
    assert.equal(got.chunks.join(''), 'no prelude');
  });

  it('cuts the answer short when the function fails after it began streaming', async () => {
    const got = await receive(`${failing}/`);
    assert.equal(got.res.statusCode, 200);
    assert.equal(got.chunks.join(''), 'partial');
    assert.equal(got.aborted, true);
  });
});
