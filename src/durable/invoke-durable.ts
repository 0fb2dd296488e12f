/**
 * Invoking a durable function starts an execution instead of running the function once: Invoke and
 * chained invokes both come through here, with AWS's rules on how a durable function may be invoked.
 */
import type { DurableConfig } from '../model/types.generated.js';
import type { ResolvedInvoke } from '../control/invoke/run.js';
import { InvalidParameterValueException } from '../errors/catalogue.js';
import { DEFAULT_RETENTION_DAYS, type DurableExecutions, type Started } from './service.js';
import type { ParentLink } from './records.js';

/** The longest execution a caller may wait for synchronously. */
const SYNC_LIMIT_SECONDS = 900;

export function durableConfigOf(resolved: ResolvedInvoke): DurableConfig | undefined {
  return resolved.version.config.DurableConfig;
}

export type DurableInvocationType = 'RequestResponse' | 'Event' | 'DryRun';

/** The errors AWS gives before any execution starts. */
export function checkDurableInvoke(resolved: ResolvedInvoke, config: DurableConfig, type: DurableInvocationType): void {
  if (resolved.loaded.ref.qualifier === undefined) {
    throw new InvalidParameterValueException('You cannot invoke a durable function using an unqualified ARN.', { type: 'User' });
  }
  if (type === 'RequestResponse' && (config.ExecutionTimeout ?? 0) > SYNC_LIMIT_SECONDS) {
    throw new InvalidParameterValueException(
      'You cannot synchronously invoke a durable function with an executionTimeout greater than 15 minutes.', { type: 'User' },
    );
  }
}

export interface DurableStart {
  resolved: ResolvedInvoke;
  config: DurableConfig;
  input: string;
  name?: string;
  parent?: ParentLink;
}

export function startExecution(service: DurableExecutions, start: DurableStart): Promise<Started> {
  const { resolved, config } = start;
  return service.start({
    scope: resolved.loaded.scope,
    functionName: resolved.loaded.ref.name,
    version: resolved.executedVersion,
    input: start.input,
    executionTimeout: config.ExecutionTimeout ?? SYNC_LIMIT_SECONDS,
    retentionDays: config.RetentionPeriodInDays ?? DEFAULT_RETENTION_DAYS,
    ...(start.name !== undefined ? { name: start.name } : {}),
    ...(start.parent ? { parent: start.parent } : {}),
  });
}
