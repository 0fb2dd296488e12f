/** Event invoke configuration API against a real server: lifecycle, qualifiers, paging and AWS's errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAliasCommand, DeleteFunctionCommand, DeleteFunctionEventInvokeConfigCommand, GetFunctionEventInvokeConfigCommand,
  ListFunctionEventInvokeConfigsCommand, PublishVersionCommand, PutFunctionEventInvokeConfigCommand,
  UpdateFunctionEventInvokeConfigCommand, type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { deploy, signedRequest } from '../invoke/helpers.js';

const ACCOUNT = '000000000000';
const arn = (name: string, qualifier?: string) =>
  `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}${qualifier === undefined ? '' : `:${qualifier}`}`;

async function refused(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined; type: unknown }> {
  try {
    await promise;
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number }; Type?: unknown };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode, type: e.Type };
  }
  assert.fail('the call succeeded');
}

function withoutMetadata<T extends { $metadata?: unknown }>(out: T): Omit<T, '$metadata'> {
  const { $metadata: _m, ...rest } = out;
  return rest;
}

const server = await startLambkin();
const client: LambdaClient = server.client();
const CODE = { 'index.js': 'exports.handler = async (e) => e;' };
await deploy(client, 'eic', CODE);
await deploy(client, 'eic-other', CODE);
await client.send(new PublishVersionCommand({ FunctionName: 'eic' }));
await client.send(new CreateAliasCommand({ FunctionName: 'eic', Name: 'live', FunctionVersion: '1' }));

test('Put answers the qualified ARN, the settings given and a LastModified in epoch seconds', async () => {
  const before = Date.now() / 1000;
  const out = await client.send(new PutFunctionEventInvokeConfigCommand({
    FunctionName: 'eic', MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 120,
    DestinationConfig: { OnSuccess: { Destination: arn('eic-other') } },
  }));
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.ok(out.LastModified instanceof Date);
  const seconds = out.LastModified.getTime() / 1000;
  assert.ok(seconds >= Math.floor(before) && seconds <= Date.now() / 1000 + 1, `LastModified ${seconds}`);
  assert.deepEqual({ ...withoutMetadata(out), LastModified: undefined }, {
    LastModified: undefined,
    FunctionArn: arn('eic', '$LATEST'),
    MaximumRetryAttempts: 1,
    MaximumEventAgeInSeconds: 120,
    DestinationConfig: { OnSuccess: { Destination: arn('eic-other') }, OnFailure: {} },
  });
  const raw = await signedRequest(server.url, { method: 'GET', path: '/2019-09-25/functions/eic/event-invoke-config' });
  const body = raw.json() as { LastModified: unknown };
  assert.equal(typeof body.LastModified, 'number');
  assert.equal(body.LastModified, seconds);
});

test('Put replaces the whole configuration; Update changes only what it names', async () => {
  await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 }));
  const replaced = await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', MaximumRetryAttempts: 0 }));
  assert.equal(replaced.MaximumRetryAttempts, 0);
  assert.equal(replaced.MaximumEventAgeInSeconds, undefined);
  await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 }));
  const updated = await client.send(new UpdateFunctionEventInvokeConfigCommand({
    FunctionName: 'eic', MaximumRetryAttempts: 0, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:q' } },
  }));
  const got = await client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'eic' }));
  for (const out of [updated, got]) {
    assert.equal(out.FunctionArn, arn('eic', '$LATEST'));
    assert.equal(out.MaximumRetryAttempts, 0);
    assert.equal(out.MaximumEventAgeInSeconds, 60);
    assert.deepEqual(out.DestinationConfig, { OnSuccess: {}, OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:q' } });
  }
});

test('each qualifier has its own configuration, named in every form AWS accepts', async () => {
  const forms: Array<[{ FunctionName: string; Qualifier?: string }, string]> = [
    [{ FunctionName: 'eic', Qualifier: '$LATEST' }, '$LATEST'],
    [{ FunctionName: 'eic', Qualifier: '1' }, '1'],
    [{ FunctionName: 'eic:1' }, '1'],
    [{ FunctionName: 'eic', Qualifier: 'live' }, 'live'],
    [{ FunctionName: arn('eic', 'live') }, 'live'],
    [{ FunctionName: arn('eic', 'live'), Qualifier: 'live' }, 'live'],
    [{ FunctionName: 'eic:live' }, 'live'],
    [{ FunctionName: 'eic:$LATEST', Qualifier: '$LATEST' }, '$LATEST'],
  ];
  for (const [input, qualifier] of forms) {
    const out = await client.send(new PutFunctionEventInvokeConfigCommand({ ...input, MaximumRetryAttempts: 1 }));
    assert.equal(out.FunctionArn, arn('eic', qualifier), JSON.stringify(input));
  }
  const list = await client.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'eic' }));
  assert.deepEqual(list.FunctionEventInvokeConfigs!.map((c) => c.FunctionArn), [arn('eic', '$LATEST'), arn('eic', '1'), arn('eic', 'live')]);
  assert.equal(list.NextMarker, undefined);
  const first = await client.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'eic', MaxItems: 2 }));
  assert.equal(first.FunctionEventInvokeConfigs!.length, 2);
  assert.ok(first.NextMarker);
  const second = await client.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'eic', MaxItems: 2, Marker: first.NextMarker }));
  assert.deepEqual(second.FunctionEventInvokeConfigs!.map((c) => c.FunctionArn), [arn('eic', 'live')]);
  assert.equal(second.NextMarker, undefined);
});

test('Delete removes one configuration; a second Delete is a 404 naming the qualified ARN', async () => {
  await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', Qualifier: 'live', MaximumRetryAttempts: 1 }));
  const out = await client.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'eic', Qualifier: 'live' }));
  assert.equal(out.$metadata.httpStatusCode, 204);
  const err = await refused(client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: arn('eic', 'live') })));
  assert.deepEqual(err, {
    name: 'ResourceNotFoundException', status: 404, type: 'User',
    message: `The function ${arn('eic', 'live')} doesn't have an EventInvokeConfig`,
  });
  const again = await refused(client.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'eic', Qualifier: 'live' })));
  assert.equal(again.message, `The function ${arn('eic', 'live')} doesn't have an EventInvokeConfig`);
});

test('missing functions and qualifiers: AWS words each operation differently', async () => {
  const noFunction = { name: 'ResourceNotFoundException', status: 404, type: 'User', message: "The function doesn't exist." };
  assert.deepEqual(await refused(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'doesnotexist', MaximumRetryAttempts: 1 }))), noFunction);
  assert.deepEqual(await refused(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: arn('doesnotexist'), MaximumRetryAttempts: 1 }))), noFunction);
  assert.deepEqual(await refused(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', Qualifier: 'livedoesnotexist', MaximumRetryAttempts: 1 }))), noFunction);
  assert.deepEqual(await refused(client.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'doesnotexist', MaximumRetryAttempts: 0 }))), noFunction);
  assert.deepEqual(await refused(client.send(new ListFunctionEventInvokeConfigsCommand({ FunctionName: 'doesnotexist' }))), noFunction);
  const noConfig = (a: string) => ({ name: 'ResourceNotFoundException', status: 404, type: 'User', message: `The function ${a} doesn't have an EventInvokeConfig` });
  assert.deepEqual(await refused(client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'doesnotexist' }))), noConfig(arn('doesnotexist', '$LATEST')));
  assert.deepEqual(await refused(client.send(new DeleteFunctionEventInvokeConfigCommand({ FunctionName: 'doesnotexist' }))), noConfig(arn('doesnotexist', '$LATEST')));
  assert.deepEqual(await refused(client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'eic', Qualifier: 'doesnotexist' }))), noConfig(arn('eic', 'doesnotexist')));
  assert.deepEqual(await refused(client.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: 'eic', Qualifier: 'live', MaximumRetryAttempts: 0 }))), noConfig(arn('eic', 'live')));
});

test('settings and destinations are checked with AWS messages', async () => {
  const invalid = (message: string) => ({ name: 'InvalidParameterValueException', status: 400, type: 'User', message });
  assert.deepEqual(
    await refused(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'doesnotexist' }))),
    invalid('You must specify at least one of error handling or destination setting.'),
  );
  assert.deepEqual(
    await refused(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', DestinationConfig: { OnSuccess: { Destination: arn('doesnotexist') } } }))),
    invalid(`The destination ARN ${arn('doesnotexist')} is invalid.`),
  );
  assert.deepEqual(
    await refused(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', DestinationConfig: { OnSuccess: { Destination: arn('eic') } } }))),
    invalid("You can't specify the function as a destination for itself."),
  );
  const iam = arn('eic').replace(':lambda:', ':iam:');
  assert.deepEqual(
    await refused(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', DestinationConfig: { OnSuccess: { Destination: iam } } }))),
    invalid(`The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${iam}), onFailure=null) is invalid.`),
  );
  const bucket = 'arn:aws:s3:::records';
  assert.deepEqual(
    await refused(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', DestinationConfig: { OnSuccess: { Destination: bucket } } }))),
    invalid(`The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=${bucket}), onFailure=null) is invalid.`),
  );
  const onFailureBucket = await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', DestinationConfig: { OnFailure: { Destination: bucket } } }));
  assert.deepEqual(onFailureBucket.DestinationConfig, { OnSuccess: {}, OnFailure: { Destination: bucket } });
  const empty = await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', DestinationConfig: { OnSuccess: {} } }));
  assert.deepEqual(empty.DestinationConfig, { OnSuccess: {}, OnFailure: {} });
  assert.equal(empty.MaximumRetryAttempts, undefined);
  const mismatch = await refused(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic:1', Qualifier: '$LATEST', MaximumRetryAttempts: 1 })));
  assert.deepEqual(mismatch, invalid('The derived qualifier from the function name does not match the specified qualifier.'));
});

test('out-of-range settings and malformed ARNs fail the model validation', async () => {
  const retries = await refused(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', MaximumRetryAttempts: 3 })));
  assert.equal(retries.name, 'ValidationException');
  assert.equal(retries.message, "1 validation error detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2");
  const age = await refused(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', MaximumEventAgeInSeconds: 59 })));
  assert.equal(age.message, "1 validation error detected: Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60");
  const bad = arn('eic').replace(':lambda:', ':_-/!lambda:');
  const pattern = await refused(client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic', DestinationConfig: { OnFailure: { Destination: bad } } })));
  assert.equal(pattern.name, 'ValidationException');
  assert.ok(pattern.message.startsWith(`1 validation error detected: Value '${bad}' at 'destinationConfig.onFailure.destination' failed to satisfy constraint: Member must satisfy regular expression pattern: `), pattern.message);
});

test('deleting the function deletes its configurations', async () => {
  await deploy(client, 'eic-short', CODE);
  await client.send(new PutFunctionEventInvokeConfigCommand({ FunctionName: 'eic-short', MaximumRetryAttempts: 0 }));
  await client.send(new DeleteFunctionCommand({ FunctionName: 'eic-short' }));
  await deploy(client, 'eic-short', CODE);
  const err = await refused(client.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: 'eic-short' })));
  assert.equal(err.message, `The function ${arn('eic-short', '$LATEST')} doesn't have an EventInvokeConfig`);
});
