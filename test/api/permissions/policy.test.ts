import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddPermissionCommand, CreateAliasCommand, DeleteFunctionCommand, GetPolicyCommand, PublishVersionCommand,
  RemovePermissionCommand, type AddPermissionCommandInput,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import {
  QUALIFIER_PATTERN, arnOf, createEcho, invalidParameter, rejectsWith, validation, type ExpectedError,
} from '../functions/fixtures.js';

const server = await startLambkin();
const lambda = server.client();
const add = (FunctionName: string, StatementId: string, extra: Partial<AddPermissionCommandInput> = {}) => lambda.send(new AddPermissionCommand({
  FunctionName, StatementId, Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', ...extra,
}));
const policyOf = async (FunctionName: string, Qualifier?: string) => {
  const out = await lambda.send(new GetPolicyCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}) }));
  return { policy: JSON.parse(out.Policy!) as { Version: string; Id: string; Statement: Record<string, unknown>[] }, revisionId: out.RevisionId! };
};
const notFound = (message: string): ExpectedError => ({ name: 'ResourceNotFoundException', status: 404, type: 'User', message });
const BUCKET = 'arn:aws:s3:::test-bucket';

test('AddPermission answers the statement and GetPolicy the document, as AWS renders them', async () => {
  await createEcho(lambda, 'rendered');
  const out = await add('rendered', 's3', { SourceArn: BUCKET });
  assert.equal(out.$metadata.httpStatusCode, 201);
  const statement = {
    Sid: 's3', Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction',
    Resource: arnOf('rendered'), Condition: { ArnLike: { 'AWS:SourceArn': BUCKET } },
  };
  assert.equal(out.Statement, JSON.stringify(statement));
  const got = await lambda.send(new GetPolicyCommand({ FunctionName: 'rendered' }));
  assert.equal(got.Policy, JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [statement] }));
  assert.match(got.RevisionId!, /^[0-9a-f-]{36}$/);
});

test('principals and conditions take AWS\'s forms', async () => {
  await createEcho(lambda, 'fields');
  const statementOf = async (sid: string, extra: Partial<AddPermissionCommandInput>) => JSON.parse((await add('fields', sid, extra)).Statement!);
  const base = { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: arnOf('fields') };
  assert.deepEqual(await statementOf('wildcard', { Principal: '*', SourceAccount: '000000000000' }),
    { Sid: 'wildcard', ...base, Principal: '*', Condition: { StringEquals: { 'AWS:SourceAccount': '000000000000' } } });
  assert.deepEqual(await statementOf('account-id', { Principal: '111111111111' }),
    { Sid: 'account-id', ...base, Principal: { AWS: 'arn:aws:iam::111111111111:root' } });
  assert.deepEqual(await statementOf('user-arn', { Principal: 'arn:aws:iam::111111111111:user/alice' }),
    { Sid: 'user-arn', ...base, Principal: { AWS: 'arn:aws:iam::111111111111:user/alice' } });
  const url = await add('fields', 'urlPermission', {
    Action: 'lambda:InvokeFunctionUrl', Principal: '*', SourceArn: BUCKET, SourceAccount: '000000000000',
    PrincipalOrgID: 'o-1234567890', FunctionUrlAuthType: 'NONE',
  });
  assert.equal(url.Statement, JSON.stringify({
    Sid: 'urlPermission', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: arnOf('fields'),
    Condition: {
      StringEquals: { 'AWS:SourceAccount': '000000000000', 'lambda:FunctionUrlAuthType': 'NONE', 'aws:PrincipalOrgID': 'o-1234567890' },
      ArnLike: { 'AWS:SourceArn': BUCKET },
    },
  }));
  const token = 'amzn1.ask.skill.xxxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx';
  assert.deepEqual(await statementOf('alexaSkill', { Principal: '*', EventSourceToken: token }),
    { Sid: 'alexaSkill', ...base, Principal: '*', Condition: { StringEquals: { 'lambda:EventSourceToken': token } } });
  const { policy } = await policyOf('fields');
  assert.deepEqual(policy.Statement.map((s) => s.Sid), ['wildcard', 'account-id', 'user-arn', 'urlPermission', 'alexaSkill']);
});

test('removing statements one by one, then GetPolicy finds nothing', async () => {
  await createEcho(lambda, 'removals');
  await add('removals', 's3');
  await add('removals', 'sqs', { Principal: 'sqs.amazonaws.com', SourceArn: BUCKET });
  const before = await policyOf('removals');
  await rejectsWith(lambda.send(new RemovePermissionCommand({ FunctionName: 'removals', StatementId: 'non-existent' })),
    notFound('Statement non-existent is not found in resource policy.'));
  const removed = await lambda.send(new RemovePermissionCommand({ FunctionName: 'removals', StatementId: 'sqs' }));
  assert.equal(removed.$metadata.httpStatusCode, 204);
  const after = await policyOf('removals');
  assert.deepEqual(after.policy.Statement.map((s) => s.Sid), ['s3']);
  assert.notEqual(after.revisionId, before.revisionId);
  await rejectsWith(lambda.send(new RemovePermissionCommand({ FunctionName: 'removals', StatementId: 's3', RevisionId: before.revisionId })), {
    name: 'PreconditionFailedException', status: 412, type: 'User',
    message: 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
  });
  await lambda.send(new RemovePermissionCommand({ FunctionName: 'removals', StatementId: 's3', RevisionId: after.revisionId }));
  await rejectsWith(lambda.send(new GetPolicyCommand({ FunctionName: 'removals' })), notFound('The resource you requested does not exist.'));
  await rejectsWith(lambda.send(new RemovePermissionCommand({ FunctionName: 'removals', StatementId: 's3' })),
    notFound('No policy is associated with the given resource.'));
});

test('versions and aliases keep policies of their own; $LATEST shares the function\'s', async () => {
  await createEcho(lambda, 'versioned');
  await add('versioned', 's3', { SourceArn: BUCKET });
  const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned' }));
  assert.equal(Version, '1');
  await rejectsWith(lambda.send(new GetPolicyCommand({ FunctionName: 'versioned', Qualifier: '1' })), notFound('The resource you requested does not exist.'));
  await add('versioned:1', 's3', { SourceArn: BUCKET, Qualifier: '1' });
  assert.deepEqual((await policyOf('versioned', '1')).policy.Statement.map((s) => s.Resource), [arnOf('versioned', undefined, '1')]);

  const alias = await lambda.send(new CreateAliasCommand({ FunctionName: 'versioned', Name: 'live', FunctionVersion: '1' }));
  await rejectsWith(add('versioned', 's3', { Qualifier: 'live', RevisionId: 'wrong' }), {
    name: 'PreconditionFailedException', status: 412, type: 'User',
    message: 'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id',
  });
  await add('versioned:live', 's3', { Qualifier: 'live', RevisionId: alias.RevisionId });
  assert.deepEqual((await policyOf('versioned', 'live')).policy.Statement.map((s) => s.Resource), [arnOf('versioned', undefined, 'live')]);

  const unqualified = await policyOf('versioned');
  assert.deepEqual(unqualified.policy.Statement.map((s) => s.Resource), [arnOf('versioned')]);
  assert.deepEqual(await policyOf('versioned', '$LATEST'), unqualified);
  await add('versioned', 's3_2', { RevisionId: unqualified.revisionId });
  assert.deepEqual((await policyOf('versioned')).policy.Statement.map((s) => s.Sid), ['s3', 's3_2']);
});

test('AWS\'s errors for bad statements, principals, qualifiers and missing functions', async () => {
  await createEcho(lambda, 'errs');
  await rejectsWith(add('errs', 'example.com'), validation(
    "Value 'example.com' at 'statementId' failed to satisfy constraint: Member must satisfy regular expression pattern: ([a-zA-Z0-9-_]+)"));
  await rejectsWith(add('errs:alias-not-42', 's3', { Qualifier: '42' }),
    invalidParameter('The derived qualifier from the function name does not match the specified qualifier.'));
  await rejectsWith(add('errs:$LATEST', 's3', { Qualifier: '$LATEST' }), invalidParameter('We currently do not support adding policies for $LATEST.'));
  await rejectsWith(add('errs', 'lambda', { Principal: 'invalid.nonaws.com', SourceAccount: '000000000000' }),
    invalidParameter('The provided principal was invalid. Please check the principal and try again.'));
  await rejectsWith(lambda.send(new GetPolicyCommand({ FunctionName: 'doesnotexist' })), notFound('The resource you requested does not exist.'));
  await rejectsWith(lambda.send(new GetPolicyCommand({ FunctionName: 'errs', Qualifier: '77' })), notFound('The resource you requested does not exist.'));
  await rejectsWith(add('doesnotexist', 's3'), notFound(`Function not found: ${arnOf('doesnotexist')}`));
  await rejectsWith(lambda.send(new RemovePermissionCommand({ FunctionName: 'errs', StatementId: 's3' })),
    notFound('No policy is associated with the given resource.'));
  await rejectsWith(add('errs:alias-doesnotexist', 's3'), notFound(`Cannot find alias arn: ${arnOf('errs', undefined, 'alias-doesnotexist')}`));
  await rejectsWith(add('errs', 's3', { Qualifier: '42' }), notFound(`Function not found: ${arnOf('errs', undefined, '42')}`));
  await rejectsWith(add('errs', 's3', { Qualifier: 'invalid-qualifier-with-?-char' }), validation(
    `Value 'invalid-qualifier-with-?-char' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`));
  await rejectsWith(add('errs', 's3', { Qualifier: 'valid-with-$-but-doesnotexist' }),
    notFound(`Function not found: ${arnOf('errs', undefined, 'valid-with-$-but-doesnotexist')}`));
  await add('errs', 's3');
  await rejectsWith(add('errs', 's3'), {
    name: 'ResourceConflictException', status: 409, type: 'User',
    message: 'The statement id (s3) provided already exists. Please provide a new statement id, or remove the existing statement.',
  });
  await rejectsWith(lambda.send(new RemovePermissionCommand({ FunctionName: 'doesnotexist', StatementId: 's3' })),
    notFound(`No policy found for: ${arnOf('doesnotexist')}`));
  await rejectsWith(lambda.send(new RemovePermissionCommand({ FunctionName: 'errs', StatementId: 's3', Qualifier: 'alias-doesnotexist' })),
    notFound(`Cannot find alias arn: ${arnOf('errs', undefined, 'alias-doesnotexist')}`));
});

test('a deleted function takes its policy with it', async () => {
  await createEcho(lambda, 'reborn');
  await add('reborn', 's3');
  await lambda.send(new DeleteFunctionCommand({ FunctionName: 'reborn' }));
  await createEcho(lambda, 'reborn');
  await rejectsWith(lambda.send(new GetPolicyCommand({ FunctionName: 'reborn' })), notFound('The resource you requested does not exist.'));
});

test('under contention each AddPermission lands or gets AWS\'s in-progress conflict, never a hang or a lost statement', async () => {
  await createEcho(lambda, 'contended-policy');
  const target = arnOf('contended-policy');
  const ids = Array.from({ length: 24 }, (_, i) => `sid_${i}`);
  const outcomes = await Promise.allSettled(ids.map((id) => add('contended-policy', id)));
  const landed = ids.filter((_, i) => outcomes[i]!.status === 'fulfilled');
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') continue;
    const err = outcome.reason as { name: string; message: string; $metadata: { httpStatusCode: number } };
    assert.deepEqual([err.name, err.$metadata.httpStatusCode, err.message], [
      'ResourceConflictException', 409, `The operation cannot be performed at this time. An update is in progress for resource: ${target}`,
    ]);
  }
  assert.ok(landed.length > 0);
  const { policy } = await policyOf('contended-policy');
  assert.deepEqual(policy.Statement.map((s) => s.Sid).sort(), [...landed].sort());
});
