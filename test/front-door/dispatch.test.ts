// The front door picks a surface by path prefix, host and SigV4 signing name: a request for a service or a
// host no surface serves never reaches the Lambda API, and is answered as AWS answers an unknown operation.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../support/server.js';
import { rawRequest } from '../support/raw-request.js';

const server = await startLambkin();
const run = promisify(execFile);

const unknownOperation = (method: string, path: string) => ({ message: `Unknown operation ${method} ${path}` });

describe('front door', () => {
  it('answers a request signed for another AWS service (the AWS CLI\'s logs) as an unknown operation', async () => {
    const failed = await run('aws', ['logs', 'describe-log-groups', '--endpoint-url', server.url, '--region', 'us-east-1'], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_MAX_ATTEMPTS: '1' },
    }).then(() => undefined, (err: { code: number; stderr: string }) => err);
    assert.ok(failed, 'the CLI call must fail');
    // The CLI reads a JSON-protocol error code from the body only, so it names the status instead.
    assert.equal(failed.code, 255);
    assert.equal(failed.stderr.trim(), 'An error occurred (404) when calling the DescribeLogGroups operation: Unknown operation POST /');
  });

  it('does not hand a Lambda path signed for another service to the Lambda API', async () => {
    const path = '/2015-03-31/functions/';
    assert.equal((await rawRequest(server.url, { path })).status, 200);
    const res = await rawRequest(server.url, { path, service: 'sqs' });
    assert.equal(res.status, 404);
    assert.equal(res.headers['x-amzn-errortype'], 'UnknownOperationException');
    assert.equal(typeof res.headers['x-amzn-requestid'], 'string');
    assert.deepEqual(res.json(), unknownOperation('GET', path));
  });

  it('does the same for a presigned URL whose credential scope names another service', async () => {
    const credential = encodeURIComponent('AKIDEXAMPLE/20261121/us-east-1/logs/aws4_request');
    const path = `/2015-03-31/functions/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}&X-Amz-Date=20261121T093000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00`;
    const res = await rawRequest(server.url, { path, unsigned: true });
    assert.equal(res.status, 404);
    assert.deepEqual(res.json(), unknownOperation('GET', '/2015-03-31/functions/'));
  });

  it('keeps function URL hosts away from the Lambda API: an unknown URL id is refused as AWS refuses it', async () => {
    const path = '/2015-03-31/functions/';
    const res = await rawRequest(server.url, { path, headers: { host: 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.localhost' } });
    assert.equal(res.status, 403);
    assert.equal(res.headers['x-amzn-errortype'], 'AccessDeniedException');
    assert.deepEqual(res.json(), { Message: 'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html' });
  });

  it('sends /_lambkin/url/ to function URLs, not to the node\'s own endpoints', async () => {
    const res = await rawRequest(server.url, { path: '/_lambkin/url/abcdefghijklmnopqrstuvwxyz012345/x', unsigned: true });
    assert.equal(res.status, 403);
    assert.equal(res.headers['x-amzn-errortype'], 'AccessDeniedException');
    assert.deepEqual(res.json(), { Message: 'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html' });
  });

  it('leaves what it serves today unchanged: the Lambda API, its own refusals, and /_lambkin/', async () => {
    const client = server.client();
    assert.deepEqual((await client.send(new ListFunctionsCommand({}))).Functions, []);
    const unsigned = await rawRequest(server.url, { path: '/2015-03-31/functions/', unsigned: true });
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    // A credential without five elements is the Lambda API's to refuse, in its words.
    const malformed = await rawRequest(server.url, {
      path: '/2015-03-31/functions/', unsigned: true,
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-east-1/lambda, SignedHeaders=host, Signature=00' },
    });
    assert.equal(malformed.headers['x-amzn-errortype'], 'IncompleteSignatureException');
    assert.equal((await rawRequest(server.url, { path: '/_lambkin/health', service: 'logs' })).status, 200);
    const unknownPath = await rawRequest(server.url, { path: '/2015-03-31/nothing-here' });
    assert.equal(unknownPath.status, 404);
    assert.deepEqual(unknownPath.json(), unknownOperation('GET', '/2015-03-31/nothing-here'));
  });
});
