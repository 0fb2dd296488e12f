// AWS's own Node.js runtime interface client (npm aws-lambda-ric) as the runtime of a `provided`
// function: it only works if the engine's Runtime API behaves exactly as Lambda's.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { basename, join } from 'node:path';
import { invoke, REPO_ROOT, snapshot, startHarness, writeCode, type Harness } from './harness.js';

const RIC_DIR = join(REPO_ROOT, 'node_modules', 'aws-lambda-ric');
const BUILD_ONLY = new Set(['deps', 'src', 'scripts', 'node-addon-api']);

describe('aws-lambda-ric against the engine Runtime API', () => {
  let h: Harness;
  before(() => {
    h = startHarness();
  });
  after(() => h.close());

  function ricFunction(handler: string) {
    const code = writeCode(h, {
      bootstrap: '#!/bin/sh\nexec node "$LAMBDA_TASK_ROOT/ric/index.mjs"\n',
      'index.mjs': `
        export const handler = async (event, context) => {
          console.log('from the official client');
          return { event, requestId: context.awsRequestId, name: context.functionName, arn: context.invokedFunctionArn,
                   memory: context.memoryLimitInMB, remaining: context.getRemainingTimeInMillis() };
        };
        export const fails = async () => { throw new RangeError('official failure'); };
        export const streams = awslambda.streamifyResponse(async (event, responseStream) => {
          responseStream.write('x');
          await new Promise((resolve) => setTimeout(resolve, 100));
          responseStream.write('y');
          responseStream.end();
        });
      `,
    });
    cpSync(RIC_DIR, join(code, 'ric'), { recursive: true, filter: (src) => !BUILD_ONLY.has(basename(src)) });
    return snapshot(code, 'provided.al2023', handler, { memorySize: 384 });
  }

  it('runs invocations back to back with the context taken from the Runtime API headers', async () => {
    const fn = ricFunction('index.handler');
    for (const n of [1, 2]) {
      const { body, requestId, result, logs } = await invoke(h, fn, { n });
      assert.equal(result.functionError, undefined, JSON.stringify(body));
      const out = body as Record<string, unknown>;
      assert.deepEqual({ ...out, remaining: 0 }, {
        event: { n },
        requestId,
        name: fn.functionName,
        arn: fn.functionArn,
        memory: '384',
        remaining: 0,
      });
      assert.ok((out.remaining as number) > 0 && (out.remaining as number) <= 10_000);
      assert.ok(logs.includes(`\t${requestId}\tINFO\tfrom the official client`), logs);
    }
  });

  it('gets its posted error back as the invocation result', async () => {
    const { body, result } = await invoke(h, ricFunction('index.fails'));
    assert.equal(result.functionError, 'Unhandled');
    const error = body as { errorType: string; errorMessage: string; trace: string[] };
    assert.deepEqual(Object.keys(error), ['errorType', 'errorMessage', 'trace']);
    assert.equal(error.errorType, 'RangeError');
    assert.equal(error.errorMessage, 'official failure');
    assert.equal(error.trace[0], 'RangeError: official failure');
  });

  it('streams a response through the engine', async () => {
    const { chunks, result } = await invoke(h, ricFunction('index.streams'), {}, { streaming: true });
    assert.equal(Buffer.concat(chunks).toString(), 'xy');
    assert.equal(result.contentType, 'application/octet-stream');
  });

  it('reports an init error for a missing handler', async () => {
    const { body, result } = await invoke(h, ricFunction('index.nope'));
    assert.equal(result.functionError, 'Unhandled');
    const error = body as { errorType: string; errorMessage: string };
    assert.equal(error.errorType, 'Runtime.HandlerNotFound');
    assert.equal(error.errorMessage, 'index.nope is undefined or not exported');
  });
});
