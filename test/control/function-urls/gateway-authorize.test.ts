/** Which resource policies let a function URL call in: both actions, the auth-type condition, principals. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { policyAdmitsUrlCall } from '../../../src/control/function-urls/gateway/authorize.js';
import type { PolicyDoc, Statement } from '../../../src/control/permissions/policy.js';

const RESOURCE = 'arn:aws:lambda:us-east-1:111111111111:function:f';
const statement = (over: Partial<Statement>): Statement => ({ Sid: 's', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: RESOURCE, ...over });
const policy = (...statements: Statement[]): PolicyDoc => ({ revisionId: 'r', statements });

const URL_NONE = statement({ Sid: 'u', Action: 'lambda:InvokeFunctionUrl', Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } });
const VIA_URL = statement({ Sid: 'i', Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } } });

describe('function URL authorization by resource policy', () => {
  it('needs both InvokeFunctionUrl and InvokeFunction', () => {
    assert.equal(policyAdmitsUrlCall(undefined, 'NONE', undefined), false);
    assert.equal(policyAdmitsUrlCall(policy(URL_NONE), 'NONE', undefined), false);
    assert.equal(policyAdmitsUrlCall(policy(VIA_URL), 'NONE', undefined), false);
    assert.equal(policyAdmitsUrlCall(policy(URL_NONE, VIA_URL), 'NONE', undefined), true);
    assert.equal(policyAdmitsUrlCall(policy(URL_NONE, statement({})), 'NONE', undefined), true, 'a plain InvokeFunction counts too');
    assert.equal(policyAdmitsUrlCall(policy(statement({ Action: 'lambda:*' })), 'NONE', undefined), true);
  });

  it('holds the auth-type condition to the URL\'s auth type', () => {
    assert.equal(policyAdmitsUrlCall(policy(URL_NONE, VIA_URL), 'AWS_IAM', '222222222222'), false);
  });

  it('lets an anonymous caller in only through "*", an account through its id or root ARN', () => {
    const forAccount = (principal: Statement['Principal']) => policy({ ...URL_NONE, Principal: principal, Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } } }, { ...VIA_URL, Principal: principal });
    assert.equal(policyAdmitsUrlCall(forAccount({ AWS: 'arn:aws:iam::222222222222:root' }), 'AWS_IAM', '222222222222'), true);
    assert.equal(policyAdmitsUrlCall(forAccount({ AWS: 'arn:aws:iam::222222222222:root' }), 'AWS_IAM', '333333333333'), false);
    assert.equal(policyAdmitsUrlCall(policy({ ...URL_NONE, Principal: { AWS: 'arn:aws:iam::222222222222:root' } }, VIA_URL), 'NONE', undefined), false);
  });

  it('does not count a statement whose other conditions it cannot vouch for', () => {
    const sourceArn = statement({ Sid: 'x', Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::bucket' } } });
    assert.equal(policyAdmitsUrlCall(policy(URL_NONE, sourceArn), 'NONE', undefined), false);
  });
});
