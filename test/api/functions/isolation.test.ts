/** Accounts do not see each other's functions; everything survives a restart. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetFunctionCommand, ListFunctionsCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { arnOf, createEcho, notFound, rejectsWith } from './fixtures.js';

const server = await startLambkin();
const A = '111111111111';
const B = '222222222222';

describe('account isolation and persistence', () => {
  it('hides one account\'s functions from another: 404 by name, AccessDenied by ARN', async () => {
    const a = server.client(A);
    const b = server.client(B);
    await createEcho(a, 'private', { Tags: { team: 'a' } });
    assert.deepEqual((await b.send(new ListFunctionsCommand({}))).Functions, []);
    await rejectsWith(b.send(new GetFunctionCommand({ FunctionName: 'private' })), notFound('private', undefined, B));
    await rejectsWith(b.send(new GetFunctionCommand({ FunctionName: arnOf('private', A) })), {
      name: 'AccessDeniedException', status: 403,
      message: `User: arn:aws:iam::${B}:root is not authorized to perform: lambda:GetFunction on resource: ${arnOf('private', A)} because no resource-based policy allows the lambda:GetFunction action`,
    });
    // The same name is free in the other account.
    const { out } = await createEcho(b, 'private');
    assert.equal(out.FunctionArn, arnOf('private', B));
    assert.equal((await a.send(new GetFunctionCommand({ FunctionName: arnOf('private', A) }))).Configuration!.FunctionArn, arnOf('private', A));
  });

  it('keeps functions, tags and code across a restart', async () => {
    const before = await server.client(A).send(new GetFunctionCommand({ FunctionName: 'private' }));
    const zip = Buffer.from(await (await fetch(before.Code!.Location!)).arrayBuffer());
    await server.restart();
    const a = server.client(A);
    const after = await a.send(new GetFunctionCommand({ FunctionName: 'private' }));
    assert.deepEqual(after.Configuration, before.Configuration);
    assert.deepEqual(after.Tags, { team: 'a' });
    assert.deepEqual((await a.send(new ListTagsCommand({ Resource: arnOf('private', A) }))).Tags, { team: 'a' });
    assert.deepEqual(Buffer.from(await (await fetch(after.Code!.Location!)).arrayBuffer()), zip);
    // A link issued before the restart still works: the signing secret lives in the data dir.
    assert.equal((await fetch(before.Code!.Location!.replace(/:\d+\//, `:${server.port}/`))).status, 200);
  });
});
