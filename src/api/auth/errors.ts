/**
 * The authentication errors AWS's front door sends for Lambda. They are not in the Lambda model: AWS answers
 * 403 with `x-amzn-ErrorType: <Code>` and a body of `{"message": "..."}` (lower-case member, no `Type`).
 * The wording follows AWS exactly, including the trailing space some of its messages end with.
 */
import type { LambdaError } from '../../errors/base.js';
import {
  IncompleteSignatureException, InvalidSignatureException, MissingAuthenticationTokenException, UnrecognizedClientException,
} from '../../errors/catalogue.js';

export function missingAuthenticationToken(): LambdaError {
  return new MissingAuthenticationTokenException('Missing Authentication Token');
}

/** The request carries an Authorization header or query parameters, but they are not complete SigV4. */
export function incompleteSignature(message: string): LambdaError {
  return new IncompleteSignatureException(message);
}

/** The SigV4 parts are complete but wrong: scope, time window, signed headers or the signature itself. */
export function invalidSignature(message: string): LambdaError {
  return new InvalidSignatureException(message);
}

export const UNKNOWN_ACCESS_KEY_MESSAGE = 'The security token included in the request is invalid.';
/** AWS words the session-token rejection without the final period. */
export const INVALID_SESSION_TOKEN_MESSAGE = 'The security token included in the request is invalid';

export function unrecognizedClient(message = UNKNOWN_ACCESS_KEY_MESSAGE): LambdaError {
  return new UnrecognizedClientException(message);
}

export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
  'Access Key and signing method. Consult the service documentation for details.';

/** AWS appends what it computed so a client author can find where the two canonical forms differ. */
export function signatureMismatch(canonicalRequest: string, stringToSign: string): LambdaError {
  return invalidSignature(
    `${SIGNATURE_MISMATCH_MESSAGE}\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'` +
      `\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
  );
}
