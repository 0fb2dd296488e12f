/**
 * CloudWatch's errors. Each protocol writes the same three facts: the query error code, the HTTP status
 * and the message; JSON and CBOR also name the modeled shape (`__type`).
 */
export class CloudWatchError extends Error {
  constructor(
    /** The query-protocol code (`InvalidParameterValue`), also sent as `x-amzn-query-error`. */
    readonly code: string,
    /** The modeled exception shape (`InvalidParameterValueException`); the code itself when unmodeled. */
    readonly shape: string,
    readonly status: number,
    message: string,
    readonly fault: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = shape;
  }
}

export const invalidParameterValue = (message: string) =>
  new CloudWatchError('InvalidParameterValue', 'InvalidParameterValueException', 400, message);
export const missingParameter = (name: string) =>
  new CloudWatchError('MissingParameter', 'MissingRequiredParameterException', 400, `The parameter ${name} is required.`);
export const invalidParameterCombination = (message: string) =>
  new CloudWatchError('InvalidParameterCombination', 'InvalidParameterCombinationException', 400, message);
export const validationError = (message: string) => new CloudWatchError('ValidationError', 'ValidationError', 400, message);
export const invalidNextToken = () => new CloudWatchError('InvalidNextToken', 'InvalidNextToken', 400, 'The service cannot process the NextToken.');
export const invalidAction = (action: string) =>
  new CloudWatchError('InvalidAction', 'InvalidAction', 400, `The action ${action} is not valid for this web service.`);
export const unknownOperation = () => new CloudWatchError('UnknownOperationException', 'UnknownOperationException', 400, '');
export const serializationError = (message: string) => new CloudWatchError('SerializationException', 'SerializationException', 400, message);
