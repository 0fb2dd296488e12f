/**
 * CloudWatch Logs' errors on the wire (awsJson1_1): HTTP 400 and a body of
 * `{"__type": "<Code>", "message": "..."}`, in AWS's wording. Authentication errors, which the shared
 * authenticator raises with the Lambda API's 403, are sent the JSON protocol's way too.
 */
import { LambdaError } from '../errors/base.js';

export class LogsError extends LambdaError {
  constructor(code: string, message: string, status = 400) {
    super(code, status, message, { casing: 'message' });
  }

  override body(): Record<string, unknown> {
    return { __type: this.code, message: this.message };
  }
}

export const LOG_GROUP_NOT_FOUND = 'The specified log group does not exist.';
export const LOG_STREAM_NOT_FOUND = 'The specified log stream does not exist.';

export const resourceNotFound = (message = LOG_GROUP_NOT_FOUND) => new LogsError('ResourceNotFoundException', message);
export const logGroupExists = () => new LogsError('ResourceAlreadyExistsException', 'The specified log group already exists');
export const invalidParameter = (message: string) => new LogsError('InvalidParameterException', message);
export const invalidToken = () => invalidParameter('The specified nextToken is invalid.');
export const unknownOperation = (target: string) => new LogsError('UnknownOperationException', `Unknown operation ${target}`);
export const serialization = (message: string) => new LogsError('SerializationException', message);

/** AWS's sentence for one failed model constraint. */
export function constraintFailed(member: string, value: unknown, constraint: string): LogsError {
  const shown = value === null || value === undefined ? 'null' : `'${Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}'`;
  return invalidParameter(`1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

/** An authentication refusal, as a JSON-protocol service answers it. */
export function asLogsError(err: LambdaError): LogsError {
  return err instanceof LogsError ? err : new LogsError(err.code, err.message, err.status >= 500 ? err.status : 400);
}
