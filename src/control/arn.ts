/**
 * Function identifiers as Lambda accepts them: `name`, `name:qualifier`, `function:name`, partial ARN
 * `123456789012:function:name[:qualifier]`, `region:account:function:name` and full ARN
 * `arn:aws:lambda:region:account:function:name[:qualifier]`. Every part but the name is optional, as in
 * the model's FunctionName pattern: `arn:aws:lambda:us-east-1:123456789012:function` names `function`.
 */
import { InvalidParameterValueException, ResourceNotFoundException } from '../errors/catalogue.js';
import type { LambdaError } from '../errors/base.js';
import type { Scope } from '../store/types.js';

export interface FunctionRef {
  /** The account that owns the function (the caller's unless an ARN names another). */
  accountId: string;
  region: string;
  name: string;
  /** Qualifier from the name or from the Qualifier parameter, if any. */
  qualifier?: string;
}

/** The model's NamespacedFunctionName pattern, with its parts named. */
const IDENTIFIER = new RegExp(
  '^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:)?' +
  '(?:(?<region>(?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d):)?' +
  '(?:(?<account>\\d{12}):)?' +
  '(?:function:)?' +
  '(?<name>[a-zA-Z0-9-_.]+)' +
  '(?::(?<qualifier>\\$LATEST(?:\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?$',
);

/** Splits an identifier into its parts; undefined when it is no function identifier at all. */
export function splitIdentifier(identifier: string): { region?: string; account?: string; name: string; qualifier?: string } | undefined {
  const groups = IDENTIFIER.exec(identifier)?.groups;
  if (!groups) return undefined;
  return {
    name: groups.name!,
    ...(groups.region ? { region: groups.region } : {}),
    ...(groups.account ? { account: groups.account } : {}),
    ...(groups.qualifier ? { qualifier: groups.qualifier } : {}),
  };
}

/**
 * Resolves an identifier against the caller's scope. Another region's ARN is refused with AWS's 404;
 * a Qualifier parameter must agree with a qualifier in the name.
 */
export function parseFunctionRef(identifier: string, scope: Scope, qualifierParam?: string): FunctionRef {
  const parts = splitIdentifier(identifier) ?? { name: identifier };
  const ref: FunctionRef = {
    accountId: parts.account ?? scope.accountId,
    region: parts.region ?? scope.region,
    name: parts.name,
    ...(parts.qualifier !== undefined ? { qualifier: parts.qualifier } : {}),
  };
  if (ref.region !== scope.region) {
    throw new ResourceNotFoundException(`Functions from '${ref.region}' are not reachable in this region ('${scope.region}')`);
  }
  if (qualifierParam !== undefined) {
    if (ref.qualifier !== undefined && ref.qualifier !== qualifierParam) {
      throw new InvalidParameterValueException('The derived qualifier from the function name does not match the specified qualifier.');
    }
    ref.qualifier = qualifierParam;
  }
  return ref;
}

/** The partition a region belongs to, as its ARNs name it (`arn:aws-cn:…` in China, say). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

export function functionArn(ref: { accountId: string; region: string; name: string }, qualifier?: string): string {
  return `arn:${partitionOf(ref.region)}:lambda:${ref.region}:${ref.accountId}:function:${ref.name}${qualifier === undefined ? '' : `:${qualifier}`}`;
}

/** The ARN a reference names, with its qualifier when one was given. */
export function refArn(ref: FunctionRef): string {
  return functionArn(ref, ref.qualifier);
}

export function functionNotFound(ref: FunctionRef, qualifier = ref.qualifier): LambdaError {
  return new ResourceNotFoundException(`Function not found: ${functionArn(ref, qualifier)}`);
}
