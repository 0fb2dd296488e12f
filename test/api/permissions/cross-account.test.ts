import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand, GetFunctionCommand, GetFunctionConfigurationCommand, GetPolicyCommand, InvokeCommand,
  PublishVersionCommand, RemovePermissionCommand, waitUntilFunctionActiveV2, type AddPermissionCommandInput,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { createEcho, rejectsWith, type ExpectedError } from '../functions/fixtures.js';

const server = await startLambkin();
const owner = server.client('111111111111');
const stranger = server.client('222222222222');
const ARN = (name: string, qualifier?: string) => `arn:aws:lambda:us-east-1:111111111111:function:${name}${qualifier ? `:${qualifier}` : ''}`;
const denied = (action: string, resource: string): ExpectedError => ({
  name: 'AccessDeniedException', status: 403,
  message: `User: arn:aws:iam::222222222222:root is not authorized to perform: lambda:${action} on resource: ${resource} because no resource-based policy allows the lambda:${action} action`,
});
const allow = (FunctionName: string, StatementId: string, Action: string, Principal: string, extra: Partial<AddPermissionCommandInput> = {}) =>
  owner.send(new AddPermissionCommand({ FunctionName, StatementId, Action, Principal, ...extra }));
const invoke = (FunctionName: string) => stranger.send(new InvokeCommand({ FunctionName, Payload: Buffer.from('{"hello":"there"}') }));

test('another account reads a function only while a statement allows that account and action', async () => {
  await createEcho(owner, 'shared-read');
  const fn = ARN('shared-read');
  await rejectsWith(stranger.send(new GetFunctionCommand({ FunctionName: fn })), denied('GetFunction', fn));
  await rejectsWith(stranger.send(new GetFunctionConfigurationCommand({ FunctionName: fn })), denied('GetFunctionConfiguration', fn));

  // Statements for a service, a third account, or with conditions let no account in.
  await allow('shared-read', 'service', 'lambda:GetFunction', 's3.amazonaws.com');
  await allow('shared-read', 'third', 'lambda:GetFunction', '333333333333');
  await allow('shared-read', 'conditional', 'lambda:GetFunction', '*', { SourceAccount: '222222222222' });
  await rejectsWith(stranger.send(new GetFunctionCommand({ FunctionName: fn })), denied('GetFunction', fn));

  await allow('shared-read', 'stranger', 'lambda:GetFunction', '222222222222');
  const got = await stranger.send(new GetFunctionCommand({ FunctionName: fn }));
  assert.equal(got.Configuration!.FunctionArn, fn);
  // The statement names one action: the configuration alone is another.
  await rejectsWith(stranger.send(new GetFunctionConfigurationCommand({ FunctionName: fn })), denied('GetFunctionConfiguration', fn));
  await allow('shared-read', 'config', 'lambda:GetFunctionConfiguration', 'arn:aws:iam::222222222222:root');
  assert.equal((await stranger.send(new GetFunctionConfigurationCommand({ FunctionName: fn }))).FunctionName, 'shared-read');
  // Nor does reading let the stranger see or change the policy.
  await rejectsWith(stranger.send(new GetPolicyCommand({ FunctionName: fn })), denied('GetPolicy', fn));

  await owner.send(new RemovePermissionCommand({ FunctionName: 'shared-read', StatementId: 'stranger' }));
  await rejectsWith(stranger.send(new GetFunctionCommand({ FunctionName: fn })), denied('GetFunction', fn));
});

test('another account invokes a function only while a statement allows it', async () => {
  await createEcho(owner, 'shared-invoke');
  await waitUntilFunctionActiveV2({ client: owner, maxWaitTime: 60 }, { FunctionName: 'shared-invoke' });
  const fn = ARN('shared-invoke');
  await rejectsWith(invoke(fn), denied('InvokeFunction', fn));
  await allow('shared-invoke', 'everyone', 'lambda:InvokeFunction', '*');
  const out = await invoke(fn);
  assert.equal(out.StatusCode, 200);
  assert.deepEqual(JSON.parse(Buffer.from(out.Payload!).toString()), { echo: { hello: 'there' } });
  // $LATEST answers to the function's own policy.
  assert.equal((await invoke(`${fn}:$LATEST`)).StatusCode, 200);

  await owner.send(new RemovePermissionCommand({ FunctionName: 'shared-invoke', StatementId: 'everyone' }));
  await rejectsWith(invoke(fn), denied('InvokeFunction', fn));
});

test('a version is reachable through its own policy, not the function\'s', async () => {
  await createEcho(owner, 'shared-version');
  await waitUntilFunctionActiveV2({ client: owner, maxWaitTime: 60 }, { FunctionName: 'shared-version' });
  await owner.send(new PublishVersionCommand({ FunctionName: 'shared-version' }));
  await allow('shared-version', 'function-wide', 'lambda:InvokeFunction', '222222222222');
  const v1 = ARN('shared-version', '1');
  await rejectsWith(invoke(v1), denied('InvokeFunction', v1));
  await allow('shared-version', 'v1', 'lambda:*', '222222222222', { Qualifier: '1' });
  assert.equal((await invoke(v1)).StatusCode, 200);
  assert.equal((await stranger.send(new GetFunctionCommand({ FunctionName: v1 }))).Configuration!.Version, '1');
});
