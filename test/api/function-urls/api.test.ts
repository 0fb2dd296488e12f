/** Function URL config API against a real server: lifecycle, aliases, paging and AWS's exact errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand, CreateFunctionUrlConfigCommand, DeleteFunctionUrlConfigCommand, GetFunctionUrlConfigCommand,
  ListFunctionUrlConfigsCommand, PublishVersionCommand, UpdateFunctionUrlConfigCommand, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { arnOf, createEcho, invalidParameter, rejectsWith, validation, type ExpectedError } from '../functions/fixtures.js';

const server = await startLambkin();
const client: LambdaClient = server.client();
await createEcho(client, 'web');
await client.send(new PublishVersionCommand({ FunctionName: 'web' }));
await client.send(new CreateAliasCommand({ FunctionName: 'web', Name: 'live', FunctionVersion: '1' }));

/** AWS's CreationTime/LastModifiedTime: ISO-8601 in UTC with microseconds. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const urlPattern = () => new RegExp(`^http://([a-z0-9]{32})\\.lambda-url\\.us-east-1\\.localhost:${server.port}/$`);

const functionDoesNotExist: ExpectedError = { name: 'ResourceNotFoundException', status: 404, type: 'User', message: 'Function does not exist' };
const resourceDoesNotExist: ExpectedError = {
  name: 'ResourceNotFoundException', status: 404, type: 'User', message: 'The resource you requested does not exist.',
};
const badQualifier = (value: string) => validation(
  `Value '${value}' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ((?!^\\d+$)^[0-9a-zA-Z-_]+$)`,
);

function body<T extends { $metadata?: unknown }>(out: T): Omit<T, '$metadata'> {
  const { $metadata: _m, ...rest } = out;
  return rest;
}

test('Create answers 201 with the URL, the ARN, the auth type and a creation time; Get adds the defaults', async () => {
  await createEcho(client, 'lifecycle');
  const created = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'lifecycle', AuthType: 'NONE' }));
  assert.equal(created.$metadata.httpStatusCode, 201);
  assert.match(created.FunctionUrl!, urlPattern());
  assert.match(created.CreationTime!, TIMESTAMP);
  assert.deepEqual(body(created), {
    FunctionUrl: created.FunctionUrl, FunctionArn: arnOf('lifecycle'), AuthType: 'NONE', CreationTime: created.CreationTime,
  });

  const got = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'lifecycle' }));
  assert.equal(got.$metadata.httpStatusCode, 200);
  assert.deepEqual(body(got), {
    FunctionUrl: created.FunctionUrl, FunctionArn: arnOf('lifecycle'), AuthType: 'NONE', InvokeMode: 'BUFFERED',
    CreationTime: created.CreationTime, LastModifiedTime: created.CreationTime,
  });

  await rejectsWith(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'lifecycle', AuthType: 'NONE' })), {
    name: 'ResourceConflictException', status: 409, type: 'User',
    message: `Failed to create function url config for [functionArn = ${arnOf('lifecycle')}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
  });

  const updated = await client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'lifecycle', AuthType: 'AWS_IAM' }));
  assert.equal(updated.$metadata.httpStatusCode, 200);
  assert.match(updated.LastModifiedTime!, TIMESTAMP);
  assert.ok(updated.LastModifiedTime! > created.CreationTime!, `${updated.LastModifiedTime} after ${created.CreationTime}`);
  assert.deepEqual(body(updated), {
    FunctionUrl: created.FunctionUrl, FunctionArn: arnOf('lifecycle'), AuthType: 'AWS_IAM', InvokeMode: 'BUFFERED',
    CreationTime: created.CreationTime, LastModifiedTime: updated.LastModifiedTime,
  });

  const deleted = await client.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'lifecycle' }));
  assert.equal(deleted.$metadata.httpStatusCode, 204);
  await rejectsWith(client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'lifecycle' })), resourceDoesNotExist);
  await rejectsWith(client.send(new DeleteFunctionUrlConfigCommand({ FunctionName: 'lifecycle' })), resourceDoesNotExist);
  await rejectsWith(client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'lifecycle', AuthType: 'NONE' })), resourceDoesNotExist);

  const again = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'lifecycle', AuthType: 'NONE' }));
  assert.notEqual(again.FunctionUrl, created.FunctionUrl, 'a new config gets a new url id');
});

test('InvokeMode and Cors are echoed by Create when given, kept by an Update that does not name them', async () => {
  await createEcho(client, 'modes');
  const cors = { AllowOrigins: ['https://example.com'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['x-custom'], ExposeHeaders: ['x-out'], MaxAge: 300, AllowCredentials: true };
  const created = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'modes', AuthType: 'NONE', InvokeMode: 'BUFFERED', Cors: cors }));
  assert.equal(created.InvokeMode, 'BUFFERED');
  assert.deepEqual(created.Cors, cors);

  const streaming = await client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'modes', InvokeMode: 'RESPONSE_STREAM' }));
  assert.equal(streaming.InvokeMode, 'RESPONSE_STREAM');
  assert.deepEqual(streaming.Cors, cors);
  const untouched = await client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'modes' }));
  assert.equal(untouched.InvokeMode, 'RESPONSE_STREAM');
  assert.equal(untouched.AuthType, 'NONE');
  assert.equal(untouched.FunctionUrl, created.FunctionUrl);

  const narrower = await client.send(new UpdateFunctionUrlConfigCommand({ FunctionName: 'modes', Cors: { AllowOrigins: ['*'] } }));
  assert.deepEqual(narrower.Cors, { AllowOrigins: ['*'] }, 'a Cors given replaces the whole Cors');
  const got = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'modes' }));
  assert.deepEqual(got.Cors, { AllowOrigins: ['*'] });
  assert.equal(got.InvokeMode, 'RESPONSE_STREAM');
});

test('an alias has its own URL, named by Qualifier or in the ARN; the two are listed, the function first', async () => {
  const fn = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', AuthType: 'NONE' }));
  const alias = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web', Qualifier: 'live', AuthType: 'AWS_IAM' }));
  assert.equal(alias.FunctionArn, arnOf('web', undefined, 'live'));
  assert.match(alias.FunctionUrl!, urlPattern());
  assert.notEqual(alias.FunctionUrl, fn.FunctionUrl);
  const byArn = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: arnOf('web', undefined, 'live') }));
  assert.equal(byArn.FunctionUrl, alias.FunctionUrl);
  assert.equal(byArn.AuthType, 'AWS_IAM');
  const byNameAndQualifier = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'web:live', Qualifier: 'live' }));
  assert.equal(byNameAndQualifier.FunctionUrl, alias.FunctionUrl);
  await rejectsWith(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'web:live', AuthType: 'NONE' })), {
    name: 'ResourceConflictException', status: 409, type: 'User',
    message: `Failed to create function url config for [functionArn = ${arnOf('web', undefined, 'live')}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
  });

  const all = await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'web' }));
  assert.deepEqual(all.FunctionUrlConfigs!.map((c) => [c.FunctionArn, c.FunctionUrl, c.InvokeMode]), [
    [arnOf('web'), fn.FunctionUrl, 'BUFFERED'],
    [arnOf('web', undefined, 'live'), alias.FunctionUrl, 'BUFFERED'],
  ]);
  assert.equal(all.NextMarker, undefined);
  for (const c of all.FunctionUrlConfigs!) assert.match(c.LastModifiedTime!, TIMESTAMP);

  const first = await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'web', MaxItems: 1 }));
  assert.deepEqual(first.FunctionUrlConfigs!.map((c) => c.FunctionUrl), [fn.FunctionUrl]);
  assert.equal(typeof first.NextMarker, 'string');
  const second = await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'web', MaxItems: 1, Marker: first.NextMarker }));
  assert.deepEqual(second.FunctionUrlConfigs!.map((c) => c.FunctionUrl), [alias.FunctionUrl]);
  assert.equal(second.NextMarker, undefined);
  const both = await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'web', MaxItems: 2 }));
  assert.equal(both.FunctionUrlConfigs!.length, 2);
  assert.equal(both.NextMarker, undefined);
});

test('a list of a function with no URL is empty; of a missing function, "Function does not exist"', async () => {
  await createEcho(client, 'bare');
  const empty = await client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'bare' }));
  assert.deepEqual(body(empty), { FunctionUrlConfigs: [] });
  await rejectsWith(client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'doesnotexist' })), functionDoesNotExist);
  await rejectsWith(client.send(new ListFunctionUrlConfigsCommand({ FunctionName: 'bare', MaxItems: 51 })), validation(
    "Value '51' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 50",
  ));
});

test('a missing function, alias or config, a version and $LATEST are refused with AWS words per operation', async () => {
  const missingArn = arnOf('doesnotexist');
  const cases: Array<{ args: { FunctionName: string; Qualifier?: string }; create: ExpectedError; read: ExpectedError }> = [
    { args: { FunctionName: 'doesnotexist' }, create: functionDoesNotExist, read: resourceDoesNotExist },
    { args: { FunctionName: missingArn }, create: functionDoesNotExist, read: resourceDoesNotExist },
    { args: { FunctionName: 'doesnotexist', Qualifier: '1' }, create: badQualifier('1'), read: badQualifier('1') },
    { args: { FunctionName: 'web', Qualifier: '1' }, create: badQualifier('1'), read: badQualifier('1') },
    { args: { FunctionName: 'web', Qualifier: '2' }, create: badQualifier('2'), read: badQualifier('2') },
    { args: { FunctionName: 'web', Qualifier: '$LATEST' }, create: badQualifier('$LATEST'), read: badQualifier('$LATEST') },
    { args: { FunctionName: 'web:1' }, create: badQualifier('1'), read: badQualifier('1') },
    { args: { FunctionName: 'web', Qualifier: 'v1' }, create: functionDoesNotExist, read: resourceDoesNotExist },
    {
      args: { FunctionName: 'web:live', Qualifier: 'v1' },
      create: invalidParameter('The derived qualifier from the function name does not match the specified qualifier.'),
      read: invalidParameter('The derived qualifier from the function name does not match the specified qualifier.'),
    },
  ];
  for (const { args, create, read } of cases) {
    await rejectsWith(client.send(new CreateFunctionUrlConfigCommand({ ...args, AuthType: 'NONE' })), create);
    await rejectsWith(client.send(new UpdateFunctionUrlConfigCommand({ ...args, AuthType: 'AWS_IAM' })), create);
    await rejectsWith(client.send(new GetFunctionUrlConfigCommand(args)), read);
    await rejectsWith(client.send(new DeleteFunctionUrlConfigCommand(args)), read);
  }
  await rejectsWith(client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'arn:aws:lambda:eu-west-1:000000000000:function:web' })), {
    name: 'ResourceNotFoundException', status: 404, type: 'User', message: "Functions from 'eu-west-1' are not reachable in this region ('us-east-1')",
  });
});

test('an unknown InvokeMode or AuthType and CORS past its limits get the model\'s validation errors', async () => {
  await createEcho(client, 'limits');
  await rejectsWith(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'limits', AuthType: 'NONE', InvokeMode: 'UNKNOWN' as 'BUFFERED' })), validation(
    "Value 'UNKNOWN' at 'invokeMode' failed to satisfy constraint: Member must satisfy enum value set: [RESPONSE_STREAM, BUFFERED]",
  ));
  await rejectsWith(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'limits', AuthType: 'OPEN' as 'NONE' })), validation(
    "Value 'OPEN' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]",
  ));
  const tooMany = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'PATCH', 'OPTION'];
  await assert.rejects(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'limits', AuthType: 'NONE', Cors: { AllowMethods: tooMany } })),
    (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(err.name, 'ValidationException');
      assert.equal(err.$metadata?.httpStatusCode, 400);
      assert.match(err.message, /^1 validation error detected: Value '\[GET, PUT, POST, DELETE, HEAD, PATCH, OPTION\]' at 'cors\.allowMethods' failed to satisfy constraint: Member must have length less than or equal to 6$/);
      return true;
    });
  await rejectsWith(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'limits', AuthType: 'NONE', Cors: { MaxAge: 86401 } })), validation(
    "Value '86401' at 'cors.maxAge' failed to satisfy constraint: Member must have value less than or equal to 86400",
  ));
  await assert.rejects(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'limits', AuthType: 'NONE', Cors: { AllowOrigins: ['x'.repeat(254)] } })),
    (err: Error) => { assert.equal(err.name, 'ValidationException'); assert.match(err.message, /cors\.allowOrigins/); return true; });
  await assert.rejects(client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'limits', AuthType: 'NONE', Cors: { AllowHeaders: Array.from({ length: 101 }, (_, i) => `h${i}`) } })),
    (err: Error) => { assert.equal(err.name, 'ValidationException'); assert.match(err.message, /cors\.allowHeaders/); return true; });
  await rejectsWith(client.send(new GetFunctionUrlConfigCommand({ FunctionName: 'limits' })), resourceDoesNotExist);
});
