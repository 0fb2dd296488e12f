import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invoke, snapshot, startHarness, writeCode, type Harness } from './harness.js';

describe('Node.js runtime client response streaming', () => {
  let h: Harness;
  before(() => {
    h = startHarness();
  });
  after(() => h.close());

  const code = () =>
    writeCode(h, {
      'index.mjs': `
        const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
        export const http = awslambda.streamifyResponse(async (event, responseStream) => {
          responseStream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 201, headers: { 'x-kind': 'stream' } });
          responseStream.write('first;');
          await pause(200);
          responseStream.write('second;');
          await pause(200);
          responseStream.end('last');
        });
        export const raw = awslambda.streamifyResponse(async (event, responseStream) => {
          responseStream.setContentType('text/plain');
          responseStream.write('a');
          responseStream.write(Buffer.from('b'));
          responseStream.end();
        });
        export const piped = awslambda.streamifyResponse(async (event, responseStream) => {
          const { pipeline } = await import('node:stream/promises');
          const { Readable } = await import('node:stream');
          await pipeline(Readable.from(['p1,', 'p2,', 'p3']), responseStream);
        });
        export const failing = awslambda.streamifyResponse(async (event, responseStream) => {
          responseStream.write('partial');
          await pause(50);
          throw new TypeError('broke mid-stream');
        });
      `,
    });

  it('delivers chunks as the handler writes them, after the HTTP integration prelude', async () => {
    const { chunks, result } = await invoke(h, snapshot(code(), 'nodejs20.x', 'index.http'), {}, { streaming: true });
    const prelude = JSON.stringify({ statusCode: 201, headers: { 'x-kind': 'stream' } });
    assert.deepEqual(
      Buffer.concat(chunks),
      Buffer.concat([Buffer.from(prelude), Buffer.alloc(8), Buffer.from('first;second;last')]),
    );
    assert.ok(chunks.length >= 3, `chunks arrived in ${chunks.length} piece(s)`);
    assert.equal(result.contentType, 'application/vnd.awslambda.http-integration-response');
    assert.equal(result.functionError, undefined);
  });

  it('streams raw bytes with the content type the handler set', async () => {
    const { chunks, result } = await invoke(h, snapshot(code(), 'nodejs20.x', 'index.raw'), {}, { streaming: true });
    assert.equal(Buffer.concat(chunks).toString(), 'ab');
    assert.equal(result.contentType, 'text/plain');
  });

  it('accepts the response stream as a pipeline destination', async () => {
    const { chunks, result } = await invoke(h, snapshot(code(), 'nodejs20.x', 'index.piped'), {}, { streaming: true });
    assert.equal(Buffer.concat(chunks).toString(), 'p1,p2,p3');
    assert.equal(result.functionError, undefined);
    assert.equal(result.streamed?.errorCode, undefined);
  });

  it('reports an error thrown mid-stream through the error trailers', async () => {
    const { chunks, result } = await invoke(h, snapshot(code(), 'nodejs20.x', 'index.failing'), {}, { streaming: true });
    assert.equal(Buffer.concat(chunks).toString(), 'partial');
    assert.equal(result.streamed?.errorCode, 'TypeError');
    const details = result.streamed?.errorDetails ?? '';
    const decoded = details.startsWith('{') ? details : Buffer.from(details, 'base64').toString();
    const error = JSON.parse(decoded) as { errorType: string; errorMessage: string; trace: string[] };
    assert.equal(error.errorType, 'TypeError');
    assert.equal(error.errorMessage, 'broke mid-stream');
    assert.equal(error.trace[0], 'TypeError: broke mid-stream');
  });
});
