/** Finding an execution from the ARN or callback id a request names, with AWS's answers when there is none. */
import { InvalidParameterValueException, ResourceNotFoundException } from '../errors/catalogue.js';
import type { Scope } from '../store/types.js';
import { assertAllowed } from '../control/access.js';
import { parseExecutionArn, type ExecutionAddress } from './arn.js';

export function executionNotFound() {
  return new ResourceNotFoundException('Durable Execution does not exist', { type: 'User' });
}

/**
 * The model's pattern has already checked the ARN's form; what it does not catch finds nothing. An
 * execution of another account is refused as AWS refuses a call no resource policy allows.
 */
export async function addressOf(arn: string, caller: Scope, action: string): Promise<ExecutionAddress> {
  const address = parseExecutionArn(arn);
  if (!address || address.scope.region !== caller.region) throw executionNotFound();
  await assertAllowed(caller.accountId, address.scope.accountId, action, arn);
  return address;
}

export const invalidCallbackId = () => new InvalidParameterValueException('Invalid callback id', { type: 'User' });
