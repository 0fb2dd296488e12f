/**
 * Resource-based policies as Lambda keeps and renders them: one document per resource (a function,
 * one of its versions or aliases, or a layer version), statements in the order they were added, and a
 * revision id that changes with every statement added or removed.
 */
import { randomUUID } from 'node:crypto';
import { PolicyLengthExceededException, ResourceConflictException, ResourceNotFoundException } from '../../errors/catalogue.js';
import type { LambdaError } from '../../errors/base.js';

export type Principal = '*' | { AWS: string } | { Service: string };

/** One statement, with its members in the order AWS prints them. */
export interface Statement {
  Sid: string;
  Effect: 'Allow';
  Principal: Principal;
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDoc {
  revisionId: string;
  statements: Statement[];
}

/** The policy text GetPolicy and GetLayerVersionPolicy answer with (compact JSON, as AWS sends it). */
export function renderPolicy(policy: PolicyDoc): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: policy.statements });
}

export function renderStatement(statement: Statement): string {
  return JSON.stringify(statement);
}

export function noPolicy(): LambdaError {
  return new ResourceNotFoundException('No policy is associated with the given resource.');
}

/** AWS's quota for one resource's policy document, in bytes of its JSON. */
const POLICY_LIMIT_BYTES = 20_480;

/**
 * A copy of the policy with one more statement, refusing a statement id already in use and a document
 * that would outgrow AWS's quota.
 */
export function withStatement(policy: PolicyDoc | undefined, statement: Statement): PolicyDoc {
  const statements = policy?.statements ?? [];
  if (statements.some((s) => s.Sid === statement.Sid)) {
    throw new ResourceConflictException(
      `The statement id (${statement.Sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  const updated: PolicyDoc = { revisionId: randomUUID(), statements: [...statements, statement] };
  const size = Buffer.byteLength(renderPolicy(updated));
  if (size > POLICY_LIMIT_BYTES) {
    throw new PolicyLengthExceededException(`The final policy size (${size}) is bigger than the limit (${POLICY_LIMIT_BYTES}).`);
  }
  return updated;
}

/** A copy of the policy without one statement; undefined when none is left. */
export function withoutStatement(policy: PolicyDoc, sid: string): PolicyDoc | undefined {
  const statements = policy.statements.filter((s) => s.Sid !== sid);
  if (statements.length === policy.statements.length) {
    throw new ResourceNotFoundException(`Statement ${sid} is not found in resource policy.`);
  }
  return statements.length ? { revisionId: randomUUID(), statements } : undefined;
}

/** Conditions in the order AWS prints them: string comparisons first, then the source ARN. */
export function conditionOf(conditions: {
  sourceAccount?: string | undefined; eventSourceToken?: string | undefined; functionUrlAuthType?: string | undefined;
  principalOrgId?: string | undefined; sourceArn?: string | undefined; invokedViaFunctionUrl?: boolean | undefined;
}): Statement['Condition'] {
  const equals: Record<string, string> = {};
  if (conditions.sourceAccount) equals['AWS:SourceAccount'] = conditions.sourceAccount;
  if (conditions.eventSourceToken) equals['lambda:EventSourceToken'] = conditions.eventSourceToken;
  if (conditions.functionUrlAuthType) equals['lambda:FunctionUrlAuthType'] = conditions.functionUrlAuthType;
  if (conditions.principalOrgId) equals['aws:PrincipalOrgID'] = conditions.principalOrgId;
  const condition: NonNullable<Statement['Condition']> = {};
  if (Object.keys(equals).length) condition.StringEquals = equals;
  if (conditions.invokedViaFunctionUrl) condition.Bool = { 'lambda:InvokedViaFunctionUrl': 'true' };
  if (conditions.sourceArn) condition.ArnLike = { 'AWS:SourceArn': conditions.sourceArn };
  return Object.keys(condition).length ? condition : undefined;
}

export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*' || pattern === 'lambda:*') return true;
  return pattern.toLowerCase() === `lambda:${action}`.toLowerCase();
}

/** An account's root principal, in any partition. */
const ROOT_ARN = /^arn:aws[a-zA-Z-]*:iam::(\d{12}):root$/;

/** `undefined` account: an anonymous caller, whom only `*` admits. */
export function principalMatches(principal: Principal, account: string | undefined): boolean {
  if (principal === '*') return true;
  if (account === undefined) return false;
  if ('AWS' in principal) return principal.AWS === account || ROOT_ARN.exec(principal.AWS)?.[1] === account;
  return false;
}

/**
 * Whether the policy lets an account (calling directly, with its own credentials) perform an action.
 * A statement with conditions never matches such a call: its keys (source ARN or account, organization,
 * event source token) describe callers Lambkin cannot vouch for.
 */
export function allowsAccount(policy: PolicyDoc | undefined, account: string, action: string): boolean {
  return (policy?.statements ?? []).some((s) =>
    s.Effect === 'Allow' && s.Condition === undefined && actionMatches(s.Action, action) && principalMatches(s.Principal, account));
}
