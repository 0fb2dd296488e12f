// Invoke's own answers, before and around the function: 404s, payload checks, size limits, invocation types.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvokeAsyncCommand, InvokeCommand, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { deploy, eventually, functionLog, signedRequest } from './helpers.js';

const server = await startLambkin();
const client = server.client();
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function';
const PATH = '/2015-03-31/functions';
const EXPECTING = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

await deploy(client, 'target', {
  'index.js': 'exports.handler = async (event, context) => { console.log("EVENT " + JSON.stringify(event)); return { event, arn: context.invokedFunctionArn }; };\n',
});

function errorOf(res: { status: number; headers: Record<string, unknown>; json(): unknown }) {
  return { status: res.status, type: res.headers['x-amzn-errortype'], body: res.json() };
}

describe('functions and qualifiers that do not exist', () => {
  test('an unknown function is a 404 naming its ARN', async () => {
    const res = await signedRequest(server.url, { method: 'POST', path: `${PATH}/missing/invocations`, body: '{}' });
    assert.deepEqual(errorOf(res), {
      status: 404, type: 'ResourceNotFoundException', body: { Type: 'User', Message: `Function not found: ${ARN}:missing` },
    });
    await assert.rejects(client.send(new InvokeCommand({ FunctionName: `${ARN}:missing` })), (err: unknown) => {
      assert.ok(err instanceof ResourceNotFoundException);
      assert.equal(err.message, `Function not found: ${ARN}:missing`);
      assert.equal(err.$metadata.httpStatusCode, 404);
      return true;
    });
  });

  test('an unknown qualifier is a 404 naming the qualified ARN ($latest is not $LATEST)', async () => {
    for (const qualifier of ['7', 'no-such-alias', '$latest']) {
      const res = await signedRequest(server.url, { method: 'POST', path: `${PATH}/target/invocations?Qualifier=${encodeURIComponent(qualifier)}`, body: '{}' });
      assert.deepEqual(errorOf(res), {
        status: 404, type: 'ResourceNotFoundException', body: { Type: 'User', Message: `Function not found: ${ARN}:target:${qualifier}` },
      });
    }
  });

  test('the function can be named by ARN, partial ARN and qualified ARN', async () => {
    for (const [name, qualifier, invokedArn] of [
      [`${ARN}:target`, undefined, `${ARN}:target`],
      ['000000000000:function:target', undefined, `${ARN}:target`],
      [`${ARN}:target:$LATEST`, undefined, `${ARN}:target:$LATEST`],
      ['target', '$LATEST', `${ARN}:target:$LATEST`],
    ] as const) {
      const out = await client.send(new InvokeCommand({ FunctionName: name, Qualifier: qualifier, Payload: Buffer.from('1') }));
      assert.equal(out.StatusCode, 200);
      assert.equal(out.ExecutedVersion, '$LATEST');
      assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { event: 1, arn: invokedArn });
    }
  });
});

describe('the payload', () => {
  const cases: Array<[string, string]> = [
    ['hello', `Unrecognized token 'hello': was expecting ${EXPECTING}\n at [Source: (byte[])"hello"; line: 1, column: 6]`],
    ['{"a":', `Unexpected end-of-input: expected a valid value ${EXPECTING}\n at [Source: (byte[])"{"a":"; line: 1, column: 7]`],
    ['\u0001', `Unexpected character ((CTRL-CHAR, code 1)): expected a valid value ${EXPECTING}\n at [Source: (byte[])"\u0001"; line: 1, column: 2]`],
  ];
  for (const [payload, jackson] of cases) {
    test(`not JSON (${JSON.stringify(payload)}): InvalidRequestContentException with Jackson's text`, async () => {
      const res = await signedRequest(server.url, { method: 'POST', path: `${PATH}/target/invocations`, body: payload });
      assert.deepEqual(errorOf(res), {
        status: 400,
        type: 'InvalidRequestContentException',
        body: { Type: 'User', message: `Could not parse request body into json: Could not parse payload into json: ${jackson}` },
      });
    });
  }

  test('a request over 6 MB is RequestTooLargeException (413)', async () => {
    const body = `"${'x'.repeat(6_291_456)}"`;
    const res = await signedRequest(server.url, { method: 'POST', path: `${PATH}/target/invocations`, body });
    assert.deepEqual(errorOf(res), {
      status: 413,
      type: 'RequestTooLargeException',
      body: { Type: 'User', message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' },
    });
  });

  test('a payload just under 6 MB reaches the function', async () => {
    await deploy(client, 'measures', { 'index.js': 'exports.handler = async (e) => e.length;\n' }, { memorySize: 512 });
    const out = await client.send(new InvokeCommand({ FunctionName: 'measures', Payload: Buffer.from(`"${'x'.repeat(6_291_000)}"`) }));
    assert.equal(out.FunctionError, undefined);
    assert.equal(Buffer.from(out.Payload!).toString(), '6291000');
  });
});

describe('invocation types', () => {
  test('DryRun: 204, no body, the function does not run', async () => {
    const res = await signedRequest(server.url, {
      method: 'POST', path: `${PATH}/target/invocations`, body: '{"dry":true}', headers: { 'x-amz-invocation-type': 'DryRun' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.body.length, 0);
    const out = await client.send(new InvokeCommand({ FunctionName: 'target', InvocationType: 'DryRun' }));
    assert.equal(out.StatusCode, 204);
    const log = await functionLog(server.url, 'target');
    assert.equal(log.filter((e) => e.message.includes('"dry"')).length, 0);
  });

  test('DryRun still answers 404 for a missing function', async () => {
    await assert.rejects(client.send(new InvokeCommand({ FunctionName: 'missing', InvocationType: 'DryRun' })), ResourceNotFoundException);
  });

  test('Event: 202 with no body, then the function runs with that request id', async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'target', InvocationType: 'Event', Payload: Buffer.from('{"kind":"event"}') }));
    assert.equal(out.StatusCode, 202);
    assert.equal(out.FunctionError, undefined);
    assert.equal(Buffer.from(out.Payload ?? new Uint8Array()).length, 0);
    const requestId = out.$metadata.requestId!;
    const ran = await eventually(async () => {
      const log = await functionLog(server.url, 'target');
      return log.find((e) => e.message.includes('EVENT {"kind":"event"}'));
    });
    assert.match(ran.message, new RegExp(`^\\S+\\t${requestId}\\tINFO\\tEVENT \\{"kind":"event"\\}\\n$`));
  });

  test('Event for a missing function is refused at once', async () => {
    await assert.rejects(
      client.send(new InvokeCommand({ FunctionName: 'missing', InvocationType: 'Event' })),
      { name: 'ResourceNotFoundException', message: `Function not found: ${ARN}:missing` },
    );
  });

  test('Event payloads over 1 MB are RequestTooLargeException', async () => {
    const res = await signedRequest(server.url, {
      method: 'POST', path: `${PATH}/target/invocations`, body: `"${'y'.repeat(1_048_576)}"`, headers: { 'x-amz-invocation-type': 'Event' },
    });
    assert.deepEqual(errorOf(res), {
      status: 413, type: 'RequestTooLargeException',
      body: { Type: 'User', message: 'Request must be smaller than 1048576 bytes for the InvokeFunction operation' },
    });
  });

  test('InvokeAsync (legacy): 202 and the function runs', async () => {
    const out = await client.send(new InvokeAsyncCommand({ FunctionName: 'target', InvokeArgs: Buffer.from('{"kind":"legacy"}') }));
    assert.equal(out.Status, 202);
    const ran = await eventually(async () => (await functionLog(server.url, 'target')).find((e) => e.message.includes('EVENT {"kind":"legacy"}')));
    assert.ok(ran.message.includes(`\t${out.$metadata.requestId}\tINFO\t`));
  });

  test('an unknown InvocationType fails validation', async () => {
    const res = await signedRequest(server.url, {
      method: 'POST', path: `${PATH}/target/invocations`, body: '{}', headers: { 'x-amz-invocation-type': 'Later' },
    });
    assert.deepEqual(errorOf(res), {
      status: 400, type: 'ValidationException',
      body: { message: "1 validation error detected: Value 'Later' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]" },
    });
  });
});
