/**
 * The error catalogue: one class per exception the Lambda model names (status and message casing as in
 * the model), plus the front-door errors AWS sends that the model does not list. Throw these, with
 * AWS's wording, from anywhere; the API layer renders them.
 */
import { LambdaError, type LambdaErrorOptions, type MessageCasing } from './base.js';

export type LambdaErrorClass = (new (message: string, options?: LambdaErrorOptions) => LambdaError) & {
  readonly code: string; readonly status: number; readonly casing: MessageCasing;
};

function define(code: string, status: number, casing: MessageCasing, type: 'User' | 'Service' | undefined): LambdaErrorClass {
  const ErrorClass = class extends LambdaError {
    static readonly code = code;
    static readonly status = status;
    static readonly casing = casing;
    constructor(message: string, options: LambdaErrorOptions = {}) {
      super(code, status, message, { type, casing, ...options });
    }
  };
  Object.defineProperty(ErrorClass, 'name', { value: code });
  return ErrorClass;
}

const user = (code: string, status: number, casing: MessageCasing) => define(code, status, casing, 'User');
const service = (code: string, status: number, casing: MessageCasing) => define(code, status, casing, 'Service');
const bare = (code: string, status: number, casing: MessageCasing = 'message') => define(code, status, casing, undefined);

// Exceptions of the Lambda model (test/errors/catalogue.test.ts checks them against the model). Each name is
// also a type, so `catch (err: ResourceNotFoundException)`-style annotations read naturally.
export const AliasLimitExceededException = user('AliasLimitExceededException', 400, 'message');
export type AliasLimitExceededException = LambdaError;
export const CallbackTimeoutException = user('CallbackTimeoutException', 400, 'Message');
export type CallbackTimeoutException = LambdaError;
export const CapacityProviderLimitExceededException = user('CapacityProviderLimitExceededException', 400, 'message');
export type CapacityProviderLimitExceededException = LambdaError;
export const CodeArtifactUserDeletedException = user('CodeArtifactUserDeletedException', 409, 'message');
export type CodeArtifactUserDeletedException = LambdaError;
export const CodeArtifactUserFailedException = user('CodeArtifactUserFailedException', 409, 'message');
export type CodeArtifactUserFailedException = LambdaError;
export const CodeArtifactUserPendingException = user('CodeArtifactUserPendingException', 409, 'message');
export type CodeArtifactUserPendingException = LambdaError;
export const CodeSigningConfigNotFoundException = user('CodeSigningConfigNotFoundException', 404, 'Message');
export type CodeSigningConfigNotFoundException = LambdaError;
export const CodeStorageExceededException = user('CodeStorageExceededException', 400, 'message');
export type CodeStorageExceededException = LambdaError;
export const CodeVerificationFailedException = user('CodeVerificationFailedException', 400, 'Message');
export type CodeVerificationFailedException = LambdaError;
export const DurableExecutionAlreadyStartedException = user('DurableExecutionAlreadyStartedException', 409, 'Message');
export type DurableExecutionAlreadyStartedException = LambdaError;
export const EC2AccessDeniedException = service('EC2AccessDeniedException', 502, 'Message');
export type EC2AccessDeniedException = LambdaError;
export const EC2ThrottledException = service('EC2ThrottledException', 502, 'Message');
export type EC2ThrottledException = LambdaError;
export const EC2UnexpectedException = service('EC2UnexpectedException', 502, 'Message');
export type EC2UnexpectedException = LambdaError;
export const EFSIOException = user('EFSIOException', 410, 'Message');
export type EFSIOException = LambdaError;
export const EFSMountConnectivityException = user('EFSMountConnectivityException', 408, 'Message');
export type EFSMountConnectivityException = LambdaError;
export const EFSMountFailureException = user('EFSMountFailureException', 403, 'Message');
export type EFSMountFailureException = LambdaError;
export const EFSMountTimeoutException = user('EFSMountTimeoutException', 408, 'Message');
export type EFSMountTimeoutException = LambdaError;
export const ENILimitReachedException = service('ENILimitReachedException', 502, 'Message');
export type ENILimitReachedException = LambdaError;
export const ENINotReadyException = service('ENINotReadyException', 502, 'Message');
export type ENINotReadyException = LambdaError;
export const FunctionVersionsPerCapacityProviderLimitExceededException = user('FunctionVersionsPerCapacityProviderLimitExceededException', 400, 'message');
export type FunctionVersionsPerCapacityProviderLimitExceededException = LambdaError;
export const InvalidCodeSignatureException = user('InvalidCodeSignatureException', 400, 'Message');
export type InvalidCodeSignatureException = LambdaError;
export const InvalidParameterValueException = user('InvalidParameterValueException', 400, 'message');
export type InvalidParameterValueException = LambdaError;
export const InvalidRequestContentException = user('InvalidRequestContentException', 400, 'message');
export type InvalidRequestContentException = LambdaError;
export const InvalidRuntimeException = service('InvalidRuntimeException', 502, 'Message');
export type InvalidRuntimeException = LambdaError;
export const InvalidSecurityGroupIDException = service('InvalidSecurityGroupIDException', 502, 'Message');
export type InvalidSecurityGroupIDException = LambdaError;
export const InvalidSubnetIDException = service('InvalidSubnetIDException', 502, 'Message');
export type InvalidSubnetIDException = LambdaError;
export const InvalidZipFileException = service('InvalidZipFileException', 502, 'Message');
export type InvalidZipFileException = LambdaError;
export const KMSAccessDeniedException = service('KMSAccessDeniedException', 502, 'Message');
export type KMSAccessDeniedException = LambdaError;
export const KMSDisabledException = service('KMSDisabledException', 502, 'Message');
export type KMSDisabledException = LambdaError;
export const KMSInvalidStateException = service('KMSInvalidStateException', 502, 'Message');
export type KMSInvalidStateException = LambdaError;
export const KMSNotFoundException = service('KMSNotFoundException', 502, 'Message');
export type KMSNotFoundException = LambdaError;
export const ModeNotSupportedException = user('ModeNotSupportedException', 400, 'message');
export type ModeNotSupportedException = LambdaError;
export const NoPublishedVersionException = user('NoPublishedVersionException', 400, 'Message');
export type NoPublishedVersionException = LambdaError;
export const PolicyLengthExceededException = user('PolicyLengthExceededException', 400, 'message');
export type PolicyLengthExceededException = LambdaError;
export const PreconditionFailedException = user('PreconditionFailedException', 412, 'message');
export type PreconditionFailedException = LambdaError;
export const ProvisionedConcurrencyConfigNotFoundException = user('ProvisionedConcurrencyConfigNotFoundException', 404, 'message');
export type ProvisionedConcurrencyConfigNotFoundException = LambdaError;
export const PublicPolicyException = user('PublicPolicyException', 400, 'Message');
export type PublicPolicyException = LambdaError;
export const RecursiveInvocationException = user('RecursiveInvocationException', 400, 'Message');
export type RecursiveInvocationException = LambdaError;
export const RequestTooLargeException = user('RequestTooLargeException', 413, 'message');
export type RequestTooLargeException = LambdaError;
export const ResourceConflictException = user('ResourceConflictException', 409, 'message');
export type ResourceConflictException = LambdaError;
export const ResourceInUseException = user('ResourceInUseException', 400, 'Message');
export type ResourceInUseException = LambdaError;
export const ResourceNotFoundException = user('ResourceNotFoundException', 404, 'Message');
export type ResourceNotFoundException = LambdaError;
export const ResourceNotReadyException = service('ResourceNotReadyException', 502, 'message');
export type ResourceNotReadyException = LambdaError;
export const S3FilesMountConnectivityException = user('S3FilesMountConnectivityException', 408, 'Message');
export type S3FilesMountConnectivityException = LambdaError;
export const S3FilesMountFailureException = user('S3FilesMountFailureException', 403, 'Message');
export type S3FilesMountFailureException = LambdaError;
export const S3FilesMountTimeoutException = user('S3FilesMountTimeoutException', 408, 'Message');
export type S3FilesMountTimeoutException = LambdaError;
export const SerializedRequestEntityTooLargeException = user('SerializedRequestEntityTooLargeException', 413, 'message');
export type SerializedRequestEntityTooLargeException = LambdaError;
export const ServiceException = service('ServiceException', 500, 'Message');
export type ServiceException = LambdaError;
export const ServiceQuotaExceededException = user('ServiceQuotaExceededException', 402, 'Message');
export type ServiceQuotaExceededException = LambdaError;
export const SnapStartException = user('SnapStartException', 400, 'Message');
export type SnapStartException = LambdaError;
export const SnapStartNotReadyException = user('SnapStartNotReadyException', 409, 'Message');
export type SnapStartNotReadyException = LambdaError;
export const SnapStartRegenerationFailureException = user('SnapStartRegenerationFailureException', 409, 'Message');
export type SnapStartRegenerationFailureException = LambdaError;
export const SnapStartTimeoutException = user('SnapStartTimeoutException', 408, 'Message');
export type SnapStartTimeoutException = LambdaError;
export const SubnetIPAddressLimitReachedException = service('SubnetIPAddressLimitReachedException', 502, 'Message');
export type SubnetIPAddressLimitReachedException = LambdaError;
export const TooManyRequestsException = user('TooManyRequestsException', 429, 'message');
export type TooManyRequestsException = LambdaError;
export const UnsupportedMediaTypeException = user('UnsupportedMediaTypeException', 415, 'message');
export type UnsupportedMediaTypeException = LambdaError;

// Front-door errors AWS sends outside the model.
export const ValidationException = bare('ValidationException', 400);
/** A JSON member of the wrong type for its shape (a string where a number belongs, ...). */
export const SerializationException = bare('SerializationException', 400);
export const MissingAuthenticationTokenException = bare('MissingAuthenticationTokenException', 403);
export const IncompleteSignatureException = bare('IncompleteSignatureException', 403);
export const InvalidSignatureException = bare('InvalidSignatureException', 403);
export const UnrecognizedClientException = bare('UnrecognizedClientException', 403);
export type ValidationException = LambdaError;
export const RequestEntityTooLargeException = bare('RequestEntityTooLargeException', 413);
export type RequestEntityTooLargeException = LambdaError;
export const AccessDeniedException = bare('AccessDeniedException', 403, 'Message');
export type AccessDeniedException = LambdaError;
export const UnknownOperationException = bare('UnknownOperationException', 404);
export type UnknownOperationException = LambdaError;
/** Operations of the model that this Lambkin does not implement (yet). */
export const NotImplementedException = bare('NotImplementedException', 501);
export type NotImplementedException = LambdaError;

export const MODEL_EXCEPTIONS: readonly LambdaErrorClass[] = [
  AliasLimitExceededException, CallbackTimeoutException, CapacityProviderLimitExceededException,
  CodeArtifactUserDeletedException, CodeArtifactUserFailedException, CodeArtifactUserPendingException,
  CodeSigningConfigNotFoundException, CodeStorageExceededException, CodeVerificationFailedException,
  DurableExecutionAlreadyStartedException, EC2AccessDeniedException, EC2ThrottledException, EC2UnexpectedException,
  EFSIOException, EFSMountConnectivityException, EFSMountFailureException, EFSMountTimeoutException,
  ENILimitReachedException, ENINotReadyException, FunctionVersionsPerCapacityProviderLimitExceededException,
  InvalidCodeSignatureException, InvalidParameterValueException, InvalidRequestContentException,
  InvalidRuntimeException, InvalidSecurityGroupIDException, InvalidSubnetIDException, InvalidZipFileException,
  KMSAccessDeniedException, KMSDisabledException, KMSInvalidStateException, KMSNotFoundException,
  ModeNotSupportedException, NoPublishedVersionException, PolicyLengthExceededException,
  PreconditionFailedException, ProvisionedConcurrencyConfigNotFoundException, PublicPolicyException,
  RecursiveInvocationException, RequestTooLargeException, ResourceConflictException, ResourceInUseException,
  ResourceNotFoundException, ResourceNotReadyException, S3FilesMountConnectivityException,
  S3FilesMountFailureException, S3FilesMountTimeoutException, SerializedRequestEntityTooLargeException,
  ServiceException, ServiceQuotaExceededException, SnapStartException, SnapStartNotReadyException,
  SnapStartRegenerationFailureException, SnapStartTimeoutException, SubnetIPAddressLimitReachedException,
  TooManyRequestsException, UnsupportedMediaTypeException,
];
