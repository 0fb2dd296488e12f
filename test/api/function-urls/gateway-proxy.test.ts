/**
 * --function-url-base: behind a proxy, URLs hang from the public host and port the setting names, and
 * the gateway still answers them on Lambkin's own port by Host header.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AddPermissionCommand, CreateFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { deploy } from '../invoke/helpers.js';

const run = promisify(execFile);
const server = await startLambkin({ args: ['--function-url-base', 'https://lambda.example.test:8443'] });
const client = server.client();

describe('function URLs behind a proxy', () => {
  it('names URLs on the public base and serves them by Host header', async () => {
    await deploy(client, 'proxied', { 'index.js': 'exports.handler = async (event) => event.requestContext.domainName;\n' });
    const created = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'proxied', AuthType: 'NONE' }));
    const m = /^https:\/\/([a-z0-9]{32})\.lambda-url\.us-east-1\.lambda\.example\.test:8443\/$/.exec(created.FunctionUrl!);
    assert.ok(m, created.FunctionUrl);
    await client.send(new AddPermissionCommand({ FunctionName: 'proxied', StatementId: 'u', Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' }));
    await client.send(new AddPermissionCommand({ FunctionName: 'proxied', StatementId: 'i', Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true }));
    const host = `${m[1]}.lambda-url.us-east-1.lambda.example.test`;
    const { stdout } = await run('curl', ['-sS', '-H', `Host: ${host}:8443`, `${server.url}/`]);
    assert.equal(stdout, host);
  });

  it('refuses a base that is not scheme, host and port', async () => {
    const bad = await startLambkin({ args: ['--function-url-base', 'https://lambda.example.test/path'] }).then(
      () => 'started', (err: Error) => err.message);
    assert.match(bad, /function-url-base must be http\(s\):\/\/HOST\[:PORT\]: https:\/\/lambda\.example\.test\/path/);
  });
});
