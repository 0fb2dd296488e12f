/** Which destination ARNs an event invoke configuration accepts, with AWS's refusals. */
import type { DestinationConfig } from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { FunctionRef } from '../arn.js';
import { splitIdentifier } from '../arn.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import type { LambdaError } from '../../errors/base.js';
import { FUNCTION_KIND, type FunctionDoc } from '../functions/records.js';
import { resolveQualifier } from '../aliases/resolve.js';

export interface ParsedArn { partition: string; service: string; region: string; account: string; resource: string }

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

export type DestinationKind = 'lambda' | 'sqs' | 'sns' | 'events' | 's3';
const KINDS: ReadonlySet<string> = new Set<DestinationKind>(['lambda', 'sqs', 'sns', 'events', 's3']);

export function destinationKind(arn: string): DestinationKind | undefined {
  const service = parseArn(arn)?.service;
  return service !== undefined && KINDS.has(service) ? service as DestinationKind : undefined;
}

/** AWS echoes the configuration in its Java form when it refuses one. */
function invalidConfig(config: DestinationConfig): LambdaError {
  const side = (name: string, value: { Destination?: string } | undefined) =>
    value ? `${name}(destination=${value.Destination ?? 'null'})` : 'null';
  return new InvalidParameterValueException(
    `The provided destination config DestinationConfig(onSuccess=${side('OnSuccess', config.OnSuccess)}, onFailure=${side('OnFailure', config.OnFailure)}) is invalid.`,
  );
}

async function lambdaExists(deps: StoreDep, arn: string, ref: FunctionRef): Promise<boolean> {
  const parts = splitIdentifier(arn);
  if (!parts) return false;
  const scope = { accountId: parts.account ?? ref.accountId, region: parts.region ?? ref.region };
  const stored = await deps.store.get<FunctionDoc>(FUNCTION_KIND, scope, parts.name);
  if (!stored) return false;
  return parts.qualifier === undefined || (await resolveQualifier(deps, scope, stored.doc, parts.qualifier)) !== undefined;
}

function isSelf(arn: string, ref: FunctionRef): boolean {
  const parts = splitIdentifier(arn);
  return parts !== undefined && parts.name === ref.name
    && (parts.account ?? ref.accountId) === ref.accountId && (parts.region ?? ref.region) === ref.region;
}

/** Checks both destinations of a configuration for the function `ref` names. */
export async function checkDestinations(deps: StoreDep, ref: FunctionRef, config: DestinationConfig | undefined): Promise<void> {
  if (!config) return;
  const sides: Array<['success' | 'failure', string | undefined]> = [
    ['success', config.OnSuccess?.Destination], ['failure', config.OnFailure?.Destination],
  ];
  for (const [side, arn] of sides) {
    if (!arn) continue;
    const kind = destinationKind(arn);
    // S3 buckets take failure records only.
    if (kind === undefined || (kind === 's3' && side === 'success')) throw invalidConfig(config);
    if (kind !== 'lambda') continue;
    if (isSelf(arn, ref)) throw new InvalidParameterValueException("You can't specify the function as a destination for itself.");
    if (!(await lambdaExists(deps, arn, ref))) throw new InvalidParameterValueException(`The destination ARN ${arn} is invalid.`);
  }
}
