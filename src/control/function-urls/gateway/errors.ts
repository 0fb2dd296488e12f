/**
 * What a function URL answers when the function does not: these are the URL's own bodies (a
 * `Message` object, or plain text for a function's fault), not the Lambda API's error documents.
 */
export interface UrlFailure {
  statusCode: number;
  /** `x-amzn-ErrorType`, when AWS sends one. */
  errorType?: string;
  body: string;
}

const FORBIDDEN_MESSAGE =
  'Forbidden. For troubleshooting Function URL authorization issues, see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html';

/** The resource policy (or the caller's signature) does not let this call in. */
export const forbidden = (): UrlFailure =>
  ({ statusCode: 403, errorType: 'AccessDeniedException', body: JSON.stringify({ Message: FORBIDDEN_MESSAGE }) });

/**
 * A URL id that names no config: AWS answers as if access were denied (recorded for the URL of a
 * deleted alias: 403, AccessDeniedException, the Forbidden message).
 */
export const urlNotFound = forbidden;

/** The function failed, or answered with a shape a URL cannot serve. */
export const badGateway = (): UrlFailure => ({ statusCode: 502, body: 'Internal Server Error' });

export const throttled = (): UrlFailure =>
  ({ statusCode: 429, errorType: 'TooManyRequestsException', body: '{"Message":"Rate Exceeded."}' });

export const requestTooLarge = (limit: number): UrlFailure => ({
  statusCode: 413,
  errorType: 'RequestTooLargeException',
  body: JSON.stringify({ Message: `Request must be smaller than ${limit} bytes for the InvokeFunction operation` }),
});

export const responseTooLarge = (): UrlFailure => badGateway();
