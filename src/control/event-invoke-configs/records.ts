/** Event invoke configurations as stored: one per function qualifier ($LATEST, a version or an alias). */
import type { DestinationConfig, FunctionEventInvokeConfig } from '../../model/types.generated.js';
import type { StoreDep } from '../deps.js';
import type { Scope, StoredDoc } from '../../store/types.js';
import { functionArn } from '../arn.js';

export const EVENT_INVOKE_CONFIG_KIND = 'event-invoke-config';
export const LATEST = '$LATEST';

/** AWS's defaults when a setting is absent (or no configuration exists at all). */
export const DEFAULT_MAX_RETRY_ATTEMPTS = 2;
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 21_600;

export interface EventInvokeConfigDoc {
  qualifier: string;
  /** Epoch seconds, as the API reports it. */
  lastModified: number;
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
  onSuccess?: string;
  onFailure?: string;
}

/** Key `${function}:${qualifier}`; the parent is the function name so a function's configs list together. */
export function configKey(functionName: string, qualifier: string): string {
  return `${functionName}:${qualifier}`;
}

export async function getEventInvokeConfig(deps: StoreDep, scope: Scope, functionName: string, qualifier = LATEST): Promise<StoredDoc<EventInvokeConfigDoc> | undefined> {
  return deps.store.get<EventInvokeConfigDoc>(EVENT_INVOKE_CONFIG_KIND, scope, configKey(functionName, qualifier));
}

function destination(arn: string | undefined): { Destination?: string } {
  return arn ? { Destination: arn } : {};
}

export function destinationConfigOf(doc: EventInvokeConfigDoc): DestinationConfig {
  return { OnSuccess: destination(doc.onSuccess), OnFailure: destination(doc.onFailure) };
}

/** The API's view of a stored configuration; FunctionArn always carries the qualifier. */
export function toOutput(ref: { accountId: string; region: string; name: string }, doc: EventInvokeConfigDoc): FunctionEventInvokeConfig {
  return {
    LastModified: doc.lastModified,
    FunctionArn: functionArn(ref, doc.qualifier),
    ...(doc.maximumRetryAttempts !== undefined ? { MaximumRetryAttempts: doc.maximumRetryAttempts } : {}),
    ...(doc.maximumEventAgeInSeconds !== undefined ? { MaximumEventAgeInSeconds: doc.maximumEventAgeInSeconds } : {}),
    DestinationConfig: destinationConfigOf(doc),
  };
}
