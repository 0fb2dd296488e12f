import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import {
  DeleteFunctionCommand, GetFunctionCommand, GetFunctionConfigurationCommand, UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLambkin, type TestServer } from '../../support/server.js';
import { makeZip } from '../../support/zip.js';
import { ROLE, arnOf, createEcho, normalised, notFound, rejectsWith, sha256Base64 } from './fixtures.js';

const run = promisify(execFile);
const LAST_MODIFIED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

/** `aws lambda wait ...` with the AWS CLI v2 against the test server. */
async function cliWait(server: TestServer, waiter: string, name: string): Promise<void> {
  await run('/usr/bin/aws', ['lambda', 'wait', waiter, '--function-name', name, '--endpoint-url', server.url], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' },
  });
}

const server = await startLambkin();
const client: LambdaClient = server.client();

describe('function lifecycle', () => {

  it('creates, settles, reads, updates and deletes a function as AWS reports each step', async () => {
    const { out: created, zip } = await createEcho(client, 'life', { MemorySize: 256, Timeout: 5 });
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.match(created.LastModified!, LAST_MODIFIED);
    assert.match(created.RevisionId!, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(created.RuntimeVersionConfig!.RuntimeVersionArn!, /^arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/);
    const createdShape = {
      Architectures: ['x86_64'], CodeSha256: sha256Base64(zip), CodeSize: zip.length, Description: '',
      EphemeralStorage: { Size: 512 }, FunctionArn: arnOf('life'), FunctionName: 'life', Handler: 'index.handler',
      LastModified: '<date>', LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/life' }, MemorySize: 256,
      PackageType: 'Zip', RevisionId: '<revision>', Role: ROLE, Runtime: 'nodejs20.x',
      RuntimeVersionConfig: created.RuntimeVersionConfig, SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating', Timeout: 5,
      TracingConfig: { Mode: 'PassThrough' }, Version: '$LATEST',
    };
    assert.deepEqual(normalised(created), createdShape);

    await cliWait(server, 'function-active-v2', 'life');
    const got = await client.send(new GetFunctionCommand({ FunctionName: 'life' }));
    const { State: _s, StateReason: _r, StateReasonCode: _c, ...settledBase } = createdShape;
    assert.deepEqual(normalised(got.Configuration!), { ...settledBase, State: 'Active', LastUpdateStatus: 'Successful' });
    assert.notEqual(got.Configuration!.RevisionId, created.RevisionId);
    assert.equal(got.Configuration!.LastModified, created.LastModified);
    assert.equal(got.Code!.RepositoryType, 'S3');
    assert.equal(got.Tags, undefined);
    const download = await fetch(got.Code!.Location!);
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), zip);

    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'life' }));
    assert.deepEqual(normalised(config), normalised(got.Configuration!));
    assert.equal(config.RevisionId, got.Configuration!.RevisionId);

    const updated = await client.send(new UpdateFunctionConfigurationCommand({
      FunctionName: 'life', Runtime: 'nodejs22.x', Description: 'Changed', MemorySize: 512, Timeout: 10,
      Environment: { Variables: { ENV_A: 'a' } }, RevisionId: config.RevisionId,
    }));
    assert.equal(updated.$metadata.httpStatusCode, 200);
    assert.equal(updated.State, 'Active');
    assert.equal(updated.LastUpdateStatus, 'InProgress');
    assert.equal(updated.LastUpdateStatusReason, 'The function is being created.');
    assert.equal(updated.LastUpdateStatusReasonCode, 'Creating');
    assert.deepEqual([updated.Runtime, updated.Description, updated.MemorySize, updated.Timeout], ['nodejs22.x', 'Changed', 512, 10]);
    assert.deepEqual(updated.Environment, { Variables: { ENV_A: 'a' } });
    assert.notEqual(updated.RuntimeVersionConfig!.RuntimeVersionArn, created.RuntimeVersionConfig!.RuntimeVersionArn);

    await cliWait(server, 'function-updated-v2', 'life');
    const afterUpdate = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'life' }));
    assert.equal(afterUpdate.LastUpdateStatus, 'Successful');
    assert.equal(afterUpdate.LastUpdateStatusReason, undefined);
    assert.notEqual(afterUpdate.RevisionId, updated.RevisionId);

    // A stale RevisionId is refused before anything changes.
    await rejectsWith(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'life', Description: 'x', RevisionId: config.RevisionId })), {
      name: 'PreconditionFailedException', status: 412, type: 'User',
      message: 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    });

    const newZip = await makeZip({ 'index.js': 'exports.handler = async () => 2;\n' });
    await rejectsWith(client.send(new UpdateFunctionCodeCommand({ FunctionName: 'life', ZipFile: newZip, RevisionId: updated.RevisionId })), {
      name: 'PreconditionFailedException', status: 412, type: 'User',
      message: 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
    });
    const codeUpdated = await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'life', ZipFile: newZip, RevisionId: afterUpdate.RevisionId }));
    assert.equal(codeUpdated.CodeSha256, sha256Base64(newZip));
    assert.equal(codeUpdated.CodeSize, newZip.length);
    assert.equal(codeUpdated.LastUpdateStatus, 'InProgress');
    assert.equal(codeUpdated.Description, 'Changed');
    await cliWait(server, 'function-updated-v2', 'life');
    const afterCode = await client.send(new GetFunctionCommand({ FunctionName: 'life' }));
    assert.equal(afterCode.Configuration!.CodeSha256, sha256Base64(newZip));
    assert.deepEqual(Buffer.from(await (await fetch(afterCode.Code!.Location!)).arrayBuffer()), newZip);

    const deleted = await client.send(new DeleteFunctionCommand({ FunctionName: 'life' }));
    assert.equal(deleted.$metadata.httpStatusCode, 204);
    assert.equal(deleted.StatusCode, 204);
    await rejectsWith(client.send(new DeleteFunctionCommand({ FunctionName: 'life' })), notFound('life'));
    await rejectsWith(client.send(new GetFunctionCommand({ FunctionName: 'life' })), notFound('life'));
  });

  it('gives every redundant update a new RevisionId', async () => {
    await createEcho(client, 'redundant', { Description: 'Initial description' });
    const first = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'redundant', Description: '1st' }));
    await cliWait(server, 'function-updated-v2', 'redundant');
    const settled = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'redundant' }));
    const again = await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'redundant', Description: '1st' }));
    const ids = new Set([first.RevisionId, settled.RevisionId, again.RevisionId]);
    assert.equal(ids.size, 3);
    assert.equal(again.LastUpdateStatus, 'InProgress');
    assert.equal(again.Description, '1st');
  });

  it('names $LATEST in the ARN when it was asked for, and refuses other versions as AWS does', async () => {
    await createEcho(client, 'qualified');
    const latest = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'qualified', Qualifier: '$LATEST' }));
    assert.equal(latest.FunctionArn, arnOf('qualified', undefined, '$LATEST'));
    const viaArn = await client.send(new GetFunctionCommand({ FunctionName: arnOf('qualified', undefined, '$LATEST') }));
    assert.equal(viaArn.Configuration!.FunctionArn, arnOf('qualified', undefined, '$LATEST'));
    await rejectsWith(client.send(new GetFunctionCommand({ FunctionName: 'qualified', Qualifier: '1221' })), notFound('qualified', '1221'));
    await rejectsWith(client.send(new GetFunctionConfigurationCommand({ FunctionName: 'qualified', Qualifier: '1221' })), notFound('qualified', '1221'));
    await rejectsWith(client.send(new DeleteFunctionCommand({ FunctionName: 'qualified', Qualifier: '$LATEST' })), {
      name: 'InvalidParameterValueException', status: 400, type: 'User', message: '$LATEST version cannot be deleted without deleting the function.',
    });
  });

  it('refuses a forged or expired code link with S3 AccessDenied', async () => {
    await createEcho(client, 'linked');
    const location = (await client.send(new GetFunctionCommand({ FunctionName: 'linked' }))).Code!.Location!;
    const url = new URL(location);
    const forged = new URL(url);
    forged.searchParams.set('Signature', '0'.repeat(64));
    const expired = new URL(url);
    expired.searchParams.set('Expires', String(Math.floor(Date.now() / 1000) - 1));
    for (const bad of [forged, expired]) {
      const res = await fetch(bad);
      assert.equal(res.status, 403);
      assert.match(await res.text(), /<Code>AccessDenied<\/Code><Message>Request has expired or the signature is invalid<\/Message>/);
    }
  });
});
