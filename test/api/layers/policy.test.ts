import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddLayerVersionPermissionCommand, CreateFunctionCommand, GetLayerVersionByArnCommand, GetLayerVersionCommand,
  GetLayerVersionPolicyCommand, PublishLayerVersionCommand, RemoveLayerVersionPermissionCommand,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import { makeZip, NODE_ECHO } from '../../support/zip.js';
import { rejectsWith, validation, type ExpectedError } from '../functions/fixtures.js';

const server = await startLambkin();
const owner = server.client('111111111111');
const stranger = server.client('222222222222');
const zip = await makeZip({ 'a.txt': 'a' });
const ARN = (name: string, version: number) => `arn:aws:lambda:us-east-1:111111111111:layer:${name}:${version}`;
const publish = (LayerName: string) => owner.send(new PublishLayerVersionCommand({ LayerName, Content: { ZipFile: zip } }));
const notFound = (message: string): ExpectedError => ({ name: 'ResourceNotFoundException', status: 404, type: 'User', message });
const wrongRevision: ExpectedError = {
  name: 'PreconditionFailedException', status: 412, type: 'User',
  message: 'The Revision Id provided does not match the latest Revision Id. Call the GetLayerPolicy API to retrieve the latest Revision Id',
};
const grant = (LayerName: string, StatementId: string, Principal = '*', extra: object = {}) => owner.send(new AddLayerVersionPermissionCommand({
  LayerName, VersionNumber: 1, StatementId, Action: 'lambda:GetLayerVersion', Principal, ...extra,
}));

test('layer policy lifecycle: statements and revision ids exactly as AWS renders them', async () => {
  await publish('shared');
  await rejectsWith(owner.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 1 })),
    notFound('No policy is associated with the given resource.'));
  const s1 = await grant('shared', 's1');
  assert.equal(s1.$metadata.httpStatusCode, 201);
  const statement1 = { Sid: 's1', Effect: 'Allow', Principal: '*', Action: 'lambda:GetLayerVersion', Resource: ARN('shared', 1) };
  assert.equal(s1.Statement, JSON.stringify(statement1));
  const policy1 = await owner.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 1 }));
  assert.equal(policy1.Policy, JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: [statement1] }));
  assert.equal(policy1.RevisionId, s1.RevisionId);

  const s2 = await grant('shared', 's2', '222222222222', { RevisionId: s1.RevisionId });
  const statement2 = { ...statement1, Sid: 's2', Principal: { AWS: 'arn:aws:iam::222222222222:root' } };
  assert.equal(s2.Statement, JSON.stringify(statement2));
  assert.notEqual(s2.RevisionId, s1.RevisionId);
  const org = await grant('shared', 'org', '*', { OrganizationId: 'o-1234567890' });
  assert.equal(org.Statement, JSON.stringify({ ...statement1, Sid: 'org', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1234567890' } } }));

  await rejectsWith(grant('shared', 's1'), {
    name: 'ResourceConflictException', status: 409, type: 'User',
    message: 'The statement id (s1) provided already exists. Please provide a new statement id, or remove the existing statement.',
  });
  await rejectsWith(grant('shared', 's3', '*', { RevisionId: s1.RevisionId }), wrongRevision);
  await rejectsWith(owner.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: 1, StatementId: 's2', RevisionId: 'wrong' })), wrongRevision);
  await rejectsWith(owner.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: 1, StatementId: 'doesnotexist' })),
    notFound('Statement doesnotexist is not found in resource policy.'));

  const removed = await owner.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'shared', VersionNumber: 1, StatementId: 's2', RevisionId: org.RevisionId }));
  assert.equal(removed.$metadata.httpStatusCode, 204);
  const after = await owner.send(new GetLayerVersionPolicyCommand({ LayerName: 'shared', VersionNumber: 1 }));
  assert.deepEqual(JSON.parse(after.Policy!).Statement.map((s: { Sid: string }) => s.Sid), ['s1', 'org']);
  assert.notEqual(after.RevisionId, org.RevisionId);
});

test('AWS\'s errors for policies of missing layer versions and bad actions', async () => {
  await publish('errs');
  for (const [name, version] of [['errs-doesnotexist', 1], ['errs', 2]] as const) {
    const expected = notFound(`Layer version ${ARN(name, version)} does not exist.`);
    await rejectsWith(owner.send(new AddLayerVersionPermissionCommand({
      LayerName: name, VersionNumber: version, StatementId: 's1', Action: 'lambda:GetLayerVersion', Principal: '*',
    })), expected);
    await rejectsWith(owner.send(new GetLayerVersionPolicyCommand({ LayerName: name, VersionNumber: version })), expected);
    await rejectsWith(owner.send(new RemoveLayerVersionPermissionCommand({ LayerName: name, VersionNumber: version, StatementId: 's1' })), expected);
  }
  await rejectsWith(owner.send(new AddLayerVersionPermissionCommand({
    LayerName: 'errs', VersionNumber: 1, StatementId: 's1', Action: '*', Principal: '*',
  })), validation("Value '*' at 'action' failed to satisfy constraint: Member must satisfy regular expression pattern: lambda:GetLayerVersion"));
});

test('another account reads and builds on a layer only while its policy allows that account', async () => {
  const { LayerVersionArn } = await publish('cross');
  const denied = (action: string): ExpectedError => ({
    name: 'AccessDeniedException', status: 403,
    message: `User: arn:aws:iam::222222222222:root is not authorized to perform: lambda:${action} on resource: ${LayerVersionArn} because no resource-based policy allows the lambda:${action} action`,
  });
  const code = await makeZip(NODE_ECHO);
  const build = (FunctionName: string) => stranger.send(new CreateFunctionCommand({
    FunctionName, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::222222222222:role/r',
    Code: { ZipFile: code }, Layers: [LayerVersionArn!],
  }));
  await rejectsWith(stranger.send(new GetLayerVersionByArnCommand({ Arn: LayerVersionArn! })), denied('GetLayerVersion'));
  await rejectsWith(build('refused'), denied('GetLayerVersion'));
  // A statement for some other account, or for one organisation, lets nobody else in.
  await grant('cross', 'someone-else', '333333333333');
  await grant('cross', 'org-only', '*', { OrganizationId: 'o-1234567890' });
  await rejectsWith(stranger.send(new GetLayerVersionCommand({ LayerName: LayerVersionArn!.replace(/:1$/, ''), VersionNumber: 1 })), denied('GetLayerVersion'));

  await grant('cross', 'stranger', '222222222222');
  const seen = await stranger.send(new GetLayerVersionByArnCommand({ Arn: LayerVersionArn! }));
  assert.deepEqual([seen.LayerVersionArn, seen.Content!.CodeSize], [LayerVersionArn, zip.length]);
  const built = await build('on-shared-layer');
  assert.deepEqual(built.Layers, [{ Arn: LayerVersionArn, CodeSize: zip.length }]);
  // The stranger may use the layer, not manage it.
  await rejectsWith(stranger.send(new GetLayerVersionPolicyCommand({ LayerName: LayerVersionArn!.replace(/:1$/, ''), VersionNumber: 1 })), denied('GetLayerVersionPolicy'));

  await owner.send(new RemoveLayerVersionPermissionCommand({ LayerName: 'cross', VersionNumber: 1, StatementId: 'stranger' }));
  await rejectsWith(stranger.send(new GetLayerVersionByArnCommand({ Arn: LayerVersionArn! })), denied('GetLayerVersion'));
  await rejectsWith(build('refused-again'), denied('GetLayerVersion'));

  await grant('cross', 'everyone', '*');
  assert.equal((await stranger.send(new GetLayerVersionByArnCommand({ Arn: LayerVersionArn! }))).Version, 1);
});
