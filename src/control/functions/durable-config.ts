/**
 * A function's DurableConfig as AWS keeps it: ExecutionTimeout is required when the function is created
 * (the model marks it optional), durability can only be turned on then, its values can be changed
 * afterwards, and RetentionPeriodInDays defaults to 14 days. The ranges are the model's, checked before.
 */
import type { DurableConfig, FunctionConfiguration } from '../../model/types.generated.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';

/** The managed runtimes AWS lists as supporting durable functions. */
const DURABLE_RUNTIMES: ReadonlySet<string> = new Set([
  'nodejs22.x', 'nodejs24.x', 'python3.13', 'python3.14', 'java17', 'java21', 'java25', 'dotnet8', 'dotnet10',
]);

const DEFAULT_RETENTION_DAYS = 14;

/** The DurableConfig CreateFunction stores, defaults filled in. */
export function durableConfigOnCreate(input: DurableConfig): DurableConfig {
  const given = givenMembers(input);
  if (given.ExecutionTimeout === undefined) {
    throw new InvalidParameterValueException('You cannot create a function with a durable configuration without an executionTimeout');
  }
  return inAwsForm({ RetentionPeriodInDays: DEFAULT_RETENTION_DAYS, ...given });
}

/** UpdateFunctionConfiguration changes the members it names and keeps the others. */
export function durableConfigOnUpdate(current: DurableConfig | undefined, input: DurableConfig): DurableConfig {
  if (!current) throw new InvalidParameterValueException('You cannot add a durable configuration to an existing function.');
  return inAwsForm({ ...current, ...givenMembers(input) });
}

/** A durable function runs only on a runtime that has the durable execution SDK. */
export function checkDurableRuntime(config: FunctionConfiguration): void {
  if (config.DurableConfig && config.Runtime !== undefined && !DURABLE_RUNTIMES.has(config.Runtime)) {
    throw new InvalidParameterValueException(`The runtime ${config.Runtime} does not support durable functions.`);
  }
}

/** JSON null counts as absent, as the model validation treats it. */
function givenMembers(input: DurableConfig): DurableConfig {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined && value !== null)) as DurableConfig;
}

/** Members in AWS's (alphabetical) order; an empty KMSKeyArn, which the pattern allows, removes the key. */
function inAwsForm(config: DurableConfig): DurableConfig {
  return {
    ...(config.ExecutionTimeout !== undefined ? { ExecutionTimeout: config.ExecutionTimeout } : {}),
    ...(config.KMSKeyArn ? { KMSKeyArn: config.KMSKeyArn } : {}),
    ...(config.RetentionPeriodInDays !== undefined ? { RetentionPeriodInDays: config.RetentionPeriodInDays } : {}),
  };
}
