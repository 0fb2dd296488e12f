/**
 * The resource-policy operations of the newest model (PutResourcePolicy, GetResourcePolicy,
 * DeleteResourcePolicy) are routed and validated like every operation, and answer 501 until they are
 * implemented; the permission operations on similar paths keep their own routes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AddPermissionCommand, DeleteResourcePolicyCommand, GetPolicyCommand, GetResourcePolicyCommand,
  PutResourcePolicyCommand, RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { arnOf, createEcho, rejectsWith } from '../functions/fixtures.js';

const server = await startLambkin();
const lambda = server.client();
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'lambda:InvokeFunction', Resource: arnOf('policed') }],
});
const notImplemented = (operation: string) => ({
  name: 'NotImplementedException', status: 501, message: `Lambkin does not implement the ${operation} operation yet.`,
});

describe('resource-policy operations', () => {
  it('answer 501 NotImplementedException naming the operation, through the JS SDK', async () => {
    await createEcho(lambda, 'policed');
    for (const ResourceArn of [arnOf('policed'), arnOf('policed', undefined, '$LATEST'), arnOf('policed', undefined, '1')]) {
      await rejectsWith(lambda.send(new PutResourcePolicyCommand({ ResourceArn, Policy: POLICY })), notImplemented('PutResourcePolicy'));
      await rejectsWith(lambda.send(new GetResourcePolicyCommand({ ResourceArn })), notImplemented('GetResourcePolicy'));
      await rejectsWith(
        lambda.send(new DeleteResourcePolicyCommand({ ResourceArn, RevisionId: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' })),
        notImplemented('DeleteResourcePolicy'),
      );
    }
  });

  it('validate their input against the constraints of AWS\'s API reference first', async () => {
    await rejectsWith(lambda.send(new GetResourcePolicyCommand({ ResourceArn: 'policed' })), {
      name: 'ValidationException', status: 400,
      message: "1 validation error detected: Value 'policed' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: "
        + 'arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:function:[a-zA-Z0-9-_]+(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_])+)?',
    });
    await rejectsWith(lambda.send(new DeleteResourcePolicyCommand({ ResourceArn: arnOf('policed'), RevisionId: 'not-a-revision' })), {
      name: 'ValidationException', status: 400,
      message: "2 validation errors detected: Value 'not-a-revision' at 'revisionId' failed to satisfy constraint: Member must have length greater than or equal to 36; "
        + "Value 'not-a-revision' at 'revisionId' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    });
  });

  it('leave the permission operations on their own routes', async () => {
    await createEcho(lambda, 'permitted');
    await rejectsWith(lambda.send(new GetPolicyCommand({ FunctionName: 'permitted' })), {
      name: 'ResourceNotFoundException', status: 404, type: 'User', message: 'The resource you requested does not exist.',
    });
    await lambda.send(new AddPermissionCommand({ FunctionName: 'permitted', StatementId: 's1', Action: 'lambda:InvokeFunction', Principal: '111111111111' }));
    const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: 'permitted' }))).Policy!) as { Statement: { Sid: string }[] };
    assert.deepEqual(policy.Statement.map((s) => s.Sid), ['s1']);
    await lambda.send(new RemovePermissionCommand({ FunctionName: 'permitted', StatementId: 's1' }));
    await rejectsWith(lambda.send(new GetPolicyCommand({ FunctionName: 'permitted' })), {
      name: 'ResourceNotFoundException', status: 404, type: 'User', message: 'The resource you requested does not exist.',
    });
  });
});
