/** PublishVersion as AWS answers it (recorded: TestLambdaVersions::*, TestLambdaRevisions::*). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GetFunctionCommand, GetFunctionConfigurationCommand, ListVersionsByFunctionCommand, PublishVersionCommand,
  UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { makeZip } from '../../support/zip.js';
import { arnOf, createEcho, invalidParameter, normalised, rejectsWith, sha256Base64 } from '../functions/fixtures.js';
import { redescribeLatest, settled } from './helpers.js';

const server = await startLambkin();
const client = server.client();

const publish = (FunctionName: string, extra: { Description?: string; CodeSha256?: string; RevisionId?: string } = {}) =>
  client.send(new PublishVersionCommand({ FunctionName, ...extra }));
const config = (FunctionName: string, Qualifier?: string) =>
  client.send(new GetFunctionConfigurationCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}) }));
const REVISION_MISMATCH = 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id';

describe('PublishVersion', () => {
  it('snapshots $LATEST as version 1, 2, ... and publishes nothing new while $LATEST is unchanged', async () => {
    await createEcho(client, 'lifecycle', { Description: 'No version :(' });
    await settled(client, 'lifecycle');
    await redescribeLatest(client, 'lifecycle', 'First version :)');
    const latestBefore = await config('lifecycle');

    const first = await publish('lifecycle', { Description: 'First version description :)' });
    assert.equal(first.$metadata.httpStatusCode, 201);
    assert.deepEqual(normalised(first), normalised({
      ...latestBefore, FunctionArn: arnOf('lifecycle', undefined, '1'), Version: '1', Description: 'First version description :)',
      State: 'Active', LastUpdateStatus: 'Successful',
    }));
    assert.notEqual(first.RevisionId, latestBefore.RevisionId);
    // Publishing gives $LATEST a new revision; the version keeps its own.
    const latestAfter = await config('lifecycle');
    assert.notEqual(latestAfter.RevisionId, latestBefore.RevisionId);
    assert.deepEqual(normalised(await config('lifecycle', '1')), normalised(first));
    assert.equal((await config('lifecycle', '1')).RevisionId, first.RevisionId);

    await redescribeLatest(client, 'lifecycle', 'Second version :))');
    const { $metadata: _m1, ...firstShown } = first;
    const { $metadata: _m2, ...afterUpdate } = await config('lifecycle', '1');
    assert.deepEqual(afterUpdate, firstShown);

    const second = await publish('lifecycle');
    assert.equal(second.Version, '2');
    assert.equal(second.Description, 'Second version :))');
    assert.equal(second.FunctionArn, arnOf('lifecycle', undefined, '2'));
    const third = await publish('lifecycle', { Description: 'Third version description :)))' });
    assert.equal(third.$metadata.httpStatusCode, 201);
    assert.deepEqual(normalised(third), normalised(second));
    assert.equal(third.RevisionId, second.RevisionId);

    const list = await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'lifecycle' }));
    assert.deepEqual(list.Versions!.map((v) => [v.Version, v.FunctionArn, v.Description]), [
      ['$LATEST', arnOf('lifecycle', undefined, '$LATEST'), 'Second version :))'],
      ['1', arnOf('lifecycle', undefined, '1'), 'First version description :)'],
      ['2', arnOf('lifecycle', undefined, '2'), 'Second version :))'],
    ]);
    // Listings leave out the state and runtime-version fields, as AWS does.
    for (const v of list.Versions!) {
      assert.equal(v.State, undefined);
      assert.equal(v.LastUpdateStatus, undefined);
      assert.equal(v.RuntimeVersionConfig, undefined);
    }
    assert.equal(list.NextMarker, undefined);
  });

  it('checks CodeSha256 and RevisionId against $LATEST with AWS\'s messages', async () => {
    const { zip } = await createEcho(client, 'preconditions');
    await settled(client, 'preconditions');
    const sha = sha256Base64(zip);
    await rejectsWith(publish('preconditions', { CodeSha256: 'somenonexistentsha256' }), invalidParameter(
      `CodeSHA256 (somenonexistentsha256) is different from current CodeSHA256 in $LATEST (${sha}). Please try again with the CodeSHA256 in $LATEST.`));
    await rejectsWith(publish('preconditions', { RevisionId: 'wrong' }), {
      name: 'PreconditionFailedException', status: 412, type: 'User', message: REVISION_MISMATCH,
    });
    const latest = await config('preconditions');
    const published = await publish('preconditions', { CodeSha256: sha, RevisionId: latest.RevisionId! });
    assert.equal(published.Version, '1');
    assert.equal(published.CodeSha256, sha);
  });

  it('publishes with CreateFunction Publish=true: the answer carries the number, the version comes up Active', async () => {
    const { out } = await createEcho(client, 'on-create', { Publish: true });
    assert.equal(out.Version, '1');
    assert.equal(out.FunctionArn, arnOf('on-create'));
    assert.equal(out.State, 'Pending');
    await settled(client, 'on-create', '1');
    const v1 = await client.send(new GetFunctionCommand({ FunctionName: 'on-create', Qualifier: '1' }));
    assert.equal(v1.Configuration!.FunctionArn, arnOf('on-create', undefined, '1'));
    assert.equal(v1.Configuration!.Version, '1');
    assert.equal(v1.Tags, undefined);
    const latest = await client.send(new GetFunctionCommand({ FunctionName: 'on-create' }));
    assert.equal(latest.Configuration!.Version, '$LATEST');
    // Nothing changed since: publishing again answers version 1.
    await settled(client, 'on-create');
    const again = await publish('on-create');
    assert.equal(again.Version, '1');
    assert.equal(again.RevisionId, v1.Configuration!.RevisionId);
  });

  it('publishes with UpdateFunctionCode Publish=true: the answer is the new version, which keeps its code', async () => {
    const { zip: firstZip } = await createEcho(client, 'on-update');
    await settled(client, 'on-update');
    const secondZip = await makeZip({ 'index.js': 'exports.handler = async () => "second";\n' });
    const out = await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'on-update', ZipFile: secondZip, Publish: true }));
    assert.equal(out.Version, '1');
    assert.equal(out.FunctionArn, arnOf('on-update', undefined, '1'));
    assert.equal(out.CodeSha256, sha256Base64(secondZip));
    assert.equal(out.State, 'Pending');
    assert.equal(out.StateReasonCode, 'Creating');
    assert.equal(out.LastUpdateStatus, undefined);
    await settled(client, 'on-update', '1');
    await settled(client, 'on-update');

    const thirdZip = await makeZip({ 'index.js': 'exports.handler = async () => "third";\n' });
    await client.send(new UpdateFunctionCodeCommand({ FunctionName: 'on-update', ZipFile: thirdZip }));
    await settled(client, 'on-update');
    const v1 = await client.send(new GetFunctionCommand({ FunctionName: 'on-update', Qualifier: '1' }));
    assert.equal(v1.Configuration!.CodeSha256, sha256Base64(secondZip));
    const downloaded = Buffer.from(await (await fetch(v1.Code!.Location!)).arrayBuffer());
    assert.deepEqual(downloaded, secondZip);
    assert.notDeepEqual(downloaded, firstZip);
    assert.equal((await config('on-update')).CodeSha256, sha256Base64(thirdZip));
  });

  it('keeps published versions immutable: updates apply to $LATEST only', async () => {
    await createEcho(client, 'immutable', { Publish: true });
    await settled(client, 'immutable');
    const onlyLatest = invalidParameter('This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.');
    await rejectsWith(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'immutable:1', Description: 'x' })), onlyLatest);
    await rejectsWith(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: arnOf('immutable', undefined, '1'), Description: 'x' })), onlyLatest);
    const zip = await makeZip({ 'index.js': 'exports.handler = async () => 2;\n' });
    await rejectsWith(client.send(new UpdateFunctionCodeCommand({ FunctionName: 'immutable:1', ZipFile: zip })), onlyLatest);
    await redescribeLatest(client, 'immutable', 'changed');
    assert.equal((await config('immutable', '1')).Description, '');
  });

  it('answers 404 for a missing function', async () => {
    await rejectsWith(publish('nobody'), {
      name: 'ResourceNotFoundException', status: 404, type: 'User', message: `Function not found: ${arnOf('nobody')}`,
    });
  });
});
