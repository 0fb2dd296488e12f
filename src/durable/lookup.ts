/** Finding an execution from the ARN or callback id a request names, with AWS's answers when there is none. */
import { InvalidParameterValueException, ResourceNotFoundException } from '../errors/catalogue.js';
import { parseExecutionArn, type ExecutionAddress } from './arn.js';

export function executionNotFound(_arn?: string) {
  return new ResourceNotFoundException('Durable Execution does not exist', { type: 'User' });
}

/** The model's pattern has already checked the ARN's form; what it does not catch finds nothing. */
export function addressOf(arn: string): ExecutionAddress {
  const address = parseExecutionArn(arn);
  if (!address) throw executionNotFound(arn);
  return address;
}

export const invalidCallbackId = () => new InvalidParameterValueException('Invalid callback id', { type: 'User' });
