/**
 * DurableConfig on functions: validated, stored and answered as AWS does — ExecutionTimeout required at
 * creation, RetentionPeriodInDays defaulting to 14, only on the runtimes AWS lists, enabled only at
 * creation, changeable afterwards, and kept by each published version.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import {
  GetFunctionCommand, GetFunctionConfigurationCommand, ListFunctionsCommand, ListVersionsByFunctionCommand,
  PublishVersionCommand, UpdateFunctionConfigurationCommand, waitUntilFunctionUpdatedV2, type DurableConfig, type Runtime,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { createEcho, invalidParameter, rejectsWith, validation } from './fixtures.js';

const run = promisify(execFile);
const server = await startLambkin();
const client = server.client();

const createDurable = (name: string, DurableConfig: DurableConfig, Runtime: Runtime | string = 'nodejs22.x') =>
  createEcho(client, name, { Runtime: Runtime as Runtime, DurableConfig }).then(({ out }) => out);
const durableOf = async (FunctionName: string, Qualifier?: string) =>
  (await client.send(new GetFunctionConfigurationCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}) }))).DurableConfig;
const update = async (FunctionName: string, input: Omit<ConstructorParameters<typeof UpdateFunctionConfigurationCommand>[0], 'FunctionName'>) => {
  await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 60 }, { FunctionName });
  return client.send(new UpdateFunctionConfigurationCommand({ FunctionName, ...input }));
};
const rangeError = (value: number, member: string, bound: string) =>
  `Value '${value}' at 'durableConfig.${member}' failed to satisfy constraint: Member must have value ${bound}`;

describe('DurableConfig on CreateFunction', () => {
  it('stores what was given and answers it the same way from every read', async () => {
    const given = { ExecutionTimeout: 3600, RetentionPeriodInDays: 30, KMSKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/durable' };
    const created = await createDurable('durable-full', given);
    assert.deepEqual(created.DurableConfig, given);
    assert.deepEqual((await client.send(new GetFunctionCommand({ FunctionName: 'durable-full' }))).Configuration!.DurableConfig, given);
    assert.deepEqual(await durableOf('durable-full'), given);
    const listed = (await client.send(new ListFunctionsCommand({}))).Functions!.find((f) => f.FunctionName === 'durable-full');
    assert.deepEqual(listed!.DurableConfig, given);
  });

  it('fills in the 14-day retention AWS defaults to', async () => {
    const created = await createDurable('durable-default', { ExecutionTimeout: 900 }, 'python3.13');
    assert.deepEqual(created.DurableConfig, { ExecutionTimeout: 900, RetentionPeriodInDays: 14 });
    assert.deepEqual(await durableOf('durable-default'), { ExecutionTimeout: 900, RetentionPeriodInDays: 14 });
  });

  it('shows no DurableConfig on a function created without one', async () => {
    const { out } = await createEcho(client, 'plain-fn', { Runtime: 'nodejs22.x' });
    assert.equal(out.DurableConfig, undefined);
    assert.equal(await durableOf('plain-fn'), undefined);
  });

  it('refuses a DurableConfig without an ExecutionTimeout', async () => {
    for (const config of [{ RetentionPeriodInDays: 7 }, {}]) {
      await rejectsWith(createDurable('durable-no-timeout', config), invalidParameter(
        'You cannot create a function with a durable configuration without an executionTimeout'));
    }
    await rejectsWith(client.send(new GetFunctionCommand({ FunctionName: 'durable-no-timeout' })), {
      name: 'ResourceNotFoundException', status: 404, type: 'User',
      message: 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:durable-no-timeout',
    });
  });

  it('checks the ranges of the model: 1 to 31622400 seconds, 1 to 90 days', async () => {
    await rejectsWith(createDurable('durable-range', { ExecutionTimeout: 0 }),
      validation(rangeError(0, 'executionTimeout', 'greater than or equal to 1')));
    await rejectsWith(createDurable('durable-range', { ExecutionTimeout: 31622401 }),
      validation(rangeError(31622401, 'executionTimeout', 'less than or equal to 31622400')));
    await rejectsWith(createDurable('durable-range', { ExecutionTimeout: 60, RetentionPeriodInDays: 0 }),
      validation(rangeError(0, 'retentionPeriodInDays', 'greater than or equal to 1')));
    await rejectsWith(createDurable('durable-range', { ExecutionTimeout: 0, RetentionPeriodInDays: 91 }), validation(
      rangeError(91, 'retentionPeriodInDays', 'less than or equal to 90'), rangeError(0, 'executionTimeout', 'greater than or equal to 1')));
    const widest = await createDurable('durable-widest', { ExecutionTimeout: 31622400, RetentionPeriodInDays: 90 });
    assert.deepEqual(widest.DurableConfig, { ExecutionTimeout: 31622400, RetentionPeriodInDays: 90 });
    const narrowest = await createDurable('durable-narrowest', { ExecutionTimeout: 1, RetentionPeriodInDays: 1 });
    assert.deepEqual(narrowest.DurableConfig, { ExecutionTimeout: 1, RetentionPeriodInDays: 1 });
  });

  it('accepts only the runtimes AWS lists for durable functions', async () => {
    for (const runtime of ['nodejs22.x', 'nodejs24.x', 'python3.13', 'python3.14']) {
      const created = await createDurable(`durable-on-${runtime.replace(/\./g, '-')}`, { ExecutionTimeout: 60 }, runtime);
      assert.equal(created.Runtime, runtime);
    }
    for (const runtime of ['nodejs20.x', 'python3.12', 'provided.al2023']) {
      await rejectsWith(createDurable('durable-old-runtime', { ExecutionTimeout: 60 }, runtime),
        invalidParameter(`The runtime ${runtime} does not support durable functions.`));
    }
  });
});

describe('DurableConfig on UpdateFunctionConfiguration', () => {
  it('changes the members a durable function is sent and keeps the others', async () => {
    await createDurable('durable-updated', { ExecutionTimeout: 3600, RetentionPeriodInDays: 14 });
    const both = await update('durable-updated', { DurableConfig: { ExecutionTimeout: 7200, RetentionPeriodInDays: 30 } });
    assert.deepEqual(both.DurableConfig, { ExecutionTimeout: 7200, RetentionPeriodInDays: 30 });
    const retentionOnly = await update('durable-updated', { DurableConfig: { RetentionPeriodInDays: 5 } });
    assert.deepEqual(retentionOnly.DurableConfig, { ExecutionTimeout: 7200, RetentionPeriodInDays: 5 });
    const withKey = await update('durable-updated', { DurableConfig: { KMSKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/k' } });
    assert.deepEqual(withKey.DurableConfig, { ExecutionTimeout: 7200, KMSKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/k', RetentionPeriodInDays: 5 });
    const keyRemoved = await update('durable-updated', { DurableConfig: { KMSKeyArn: '' } });
    assert.deepEqual(keyRemoved.DurableConfig, { ExecutionTimeout: 7200, RetentionPeriodInDays: 5 });
    const untouched = await update('durable-updated', { Description: 'other settings only' });
    assert.deepEqual(untouched.DurableConfig, { ExecutionTimeout: 7200, RetentionPeriodInDays: 5 });
    assert.deepEqual(await durableOf('durable-updated'), { ExecutionTimeout: 7200, RetentionPeriodInDays: 5 });
  });

  it('checks the ranges on update too', async () => {
    await createDurable('durable-update-range', { ExecutionTimeout: 60 });
    await rejectsWith(update('durable-update-range', { DurableConfig: { RetentionPeriodInDays: 91 } }),
      validation(rangeError(91, 'retentionPeriodInDays', 'less than or equal to 90')));
    assert.deepEqual(await durableOf('durable-update-range'), { ExecutionTimeout: 60, RetentionPeriodInDays: 14 });
  });

  it('cannot make an existing function durable', async () => {
    await createEcho(client, 'stays-plain', { Runtime: 'nodejs22.x' });
    await rejectsWith(update('stays-plain', { DurableConfig: { ExecutionTimeout: 60 } }),
      invalidParameter('You cannot add a durable configuration to an existing function.'));
    assert.equal(await durableOf('stays-plain'), undefined);
  });

  it('keeps a durable function on a runtime that supports it', async () => {
    await createDurable('durable-runtime-change', { ExecutionTimeout: 60 });
    await rejectsWith(update('durable-runtime-change', { Runtime: 'nodejs20.x' }),
      invalidParameter('The runtime nodejs20.x does not support durable functions.'));
    const moved = await update('durable-runtime-change', { Runtime: 'nodejs24.x' });
    assert.equal(moved.Runtime, 'nodejs24.x');
    assert.deepEqual(moved.DurableConfig, { ExecutionTimeout: 60, RetentionPeriodInDays: 14 });
  });
});

describe('DurableConfig on published versions', () => {
  it('keeps in each version the DurableConfig it was published with', async () => {
    await createDurable('durable-versions', { ExecutionTimeout: 600 });
    await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 60 }, { FunctionName: 'durable-versions' });
    const first = await client.send(new PublishVersionCommand({ FunctionName: 'durable-versions' }));
    assert.deepEqual(first.DurableConfig, { ExecutionTimeout: 600, RetentionPeriodInDays: 14 });
    await update('durable-versions', { DurableConfig: { ExecutionTimeout: 1200 } });
    assert.deepEqual(await durableOf('durable-versions', '1'), { ExecutionTimeout: 600, RetentionPeriodInDays: 14 });
    assert.deepEqual(await durableOf('durable-versions'), { ExecutionTimeout: 1200, RetentionPeriodInDays: 14 });
    const versions = (await client.send(new ListVersionsByFunctionCommand({ FunctionName: 'durable-versions' }))).Versions!;
    assert.deepEqual(versions.map((v) => [v.Version, v.DurableConfig]), [
      ['$LATEST', { ExecutionTimeout: 1200, RetentionPeriodInDays: 14 }],
      ['1', { ExecutionTimeout: 600, RetentionPeriodInDays: 14 }],
    ]);
  });
});

describe('DurableConfig through boto3', () => {
  it('creates, reads and refuses as the JS SDK sees it', async () => {
    const script = `
import boto3, io, json, sys, zipfile
lam = boto3.client('lambda', endpoint_url=sys.argv[1], region_name='us-east-1',
  aws_access_key_id='AKIDEXAMPLE', aws_secret_access_key='secret')
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w') as z: z.writestr('index.py', 'def handler(event, context):\\n  return event\\n')
base = dict(Runtime='python3.14', Role='arn:aws:iam::000000000000:role/lambda-role', Handler='index.handler', Code={'ZipFile': buf.getvalue()})
created = lam.create_function(FunctionName='durable-boto3', DurableConfig={'ExecutionTimeout': 120}, **base)
read = lam.get_function_configuration(FunctionName='durable-boto3')
try:
  lam.create_function(FunctionName='durable-boto3-bad', DurableConfig={'RetentionPeriodInDays': 3}, **base)
  err = None
except lam.exceptions.InvalidParameterValueException as e:
  err = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps({'created': created['DurableConfig'], 'read': read['DurableConfig'], 'error': err}))
`;
    const { stdout } = await run('python3', ['-c', script, server.url]);
    assert.deepEqual(JSON.parse(stdout), {
      created: { ExecutionTimeout: 120, RetentionPeriodInDays: 14 },
      read: { ExecutionTimeout: 120, RetentionPeriodInDays: 14 },
      error: ['InvalidParameterValueException', 'You cannot create a function with a durable configuration without an executionTimeout', 400],
    });
  });
});
