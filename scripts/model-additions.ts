/**
 * What the SDK's schemas leave out for members botocore does not have yet: the shape each new scalar,
 * list or map member uses, and the constraints of shapes botocore lacks. Constraints come from AWS's
 * Lambda API reference (docs.aws.amazon.com/lambda/latest/api/API_<Name>.html), cited per entry; a
 * member that reuses a botocore shape says so. Where botocore gains a shape of the same name, botocore's
 * definition wins.
 */
import type { RawShape } from './model-source.js';

/** `Structure.Member` → the shape it targets. */
export const ADDED_MEMBER_SHAPES: Record<string, string> = {
  // API_CapacityProviderLoggingConfig: LogGroup has LoggingConfig.LogGroup's constraints (botocore LogGroup).
  'CapacityProviderLoggingConfig.LogGroup': 'LogGroup',
  'CapacityProviderLoggingConfig.SystemLogLevel': 'SystemLogLevel',
  'ChainedInvokeOptions.XAmznTraceId': 'XAmznTraceId', // botocore's TraceHeader.XAmznTraceId shape
  'DurableConfig.KMSKeyArn': 'KMSKeyArn', // API_DurableConfig: pattern equals botocore KMSKeyArn
  'Execution.KMSKeyArn': 'KMSKeyArn',
  'FileSystemConfig.S3FilesConfig': 'S3FilesConfig',
  'FunctionCode.S3ObjectStorageMode': 'S3ObjectStorageMode',
  'FunctionCodeLocationError.ErrorCode': 'String', // API_FunctionCodeLocationError: no constraints
  'FunctionCodeLocationError.Message': 'SensitiveString',
  'GetDurableExecutionRequest.IncludeExecutionData': 'NullableBoolean',
  'GetDurableExecutionResponse.ExecutionDataIncluded': 'NullableBoolean',
  'LayerVersionContentInput.S3ObjectStorageMode': 'S3ObjectStorageMode',
  'UpdateFunctionCodeRequest.S3ObjectStorageMode': 'S3ObjectStorageMode',
  'PropagateTags.Mode': 'PropagateTagsMode',
  'PropagateTags.ExplicitTags': 'PropagateTagsExplicitTags',
  // API_ResolvedS3Object: the constraints of botocore's S3Bucket, S3Key and S3ObjectVersion.
  'ResolvedS3Object.S3Bucket': 'S3Bucket',
  'ResolvedS3Object.S3Key': 'S3Key',
  'ResolvedS3Object.S3ObjectVersion': 'S3ObjectVersion',
  'S3FilesConfig.DirectS3Read': 'DirectS3Read',
  'SelfManagedKafkaEventSourceConfig.ConsumptionMode': 'KafkaEventSourceMappingConsumptionMode',
  'DeleteResourcePolicyRequest.ResourceArn': 'ResourcePolicyResourceArn',
  'DeleteResourcePolicyRequest.RevisionId': 'ResourcePolicyRevisionId',
  'GetResourcePolicyRequest.ResourceArn': 'ResourcePolicyResourceArn',
  'GetResourcePolicyResponse.Policy': 'ResourcePolicyDocument',
  'GetResourcePolicyResponse.RevisionId': 'ResourcePolicyRevisionId',
  'PutResourcePolicyRequest.ResourceArn': 'ResourcePolicyResourceArn',
  'PutResourcePolicyRequest.Policy': 'ResourcePolicyDocument',
  'PutResourcePolicyRequest.RevisionId': 'ResourcePolicyRevisionId',
  'PutResourcePolicyResponse.Policy': 'ResourcePolicyDocument',
  'PutResourcePolicyResponse.RevisionId': 'ResourcePolicyRevisionId',
};

/** Shapes botocore lacks. Enum values are not here: they come from the SDK's enums. */
export const ADDED_SHAPES: Record<string, RawShape> = {
  // API_PropagateTags: ExplicitTags is a string-to-string map of 0 to 40 entries.
  PropagateTagsExplicitTags: { type: 'map', key: { shape: 'TagKey' }, value: { shape: 'TagValue' }, min: 0, max: 40 },
  // API_GetResourcePolicy, API_PutResourcePolicy, API_DeleteResourcePolicy: ResourceArn (URI), 0 to 256 characters.
  ResourcePolicyResourceArn: {
    type: 'string', min: 0, max: 256,
    pattern: 'arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:function:[a-zA-Z0-9-_]+(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_])+)?',
  },
  // API_GetResourcePolicy: Policy, 1 to 20480 characters.
  ResourcePolicyDocument: { type: 'string', min: 1, max: 20480, pattern: '[\\s\\S]+' },
  // API_DeleteResourcePolicy: RevisionId, a UUID of fixed length 36.
  ResourcePolicyRevisionId: { type: 'string', min: 36, max: 36, pattern: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' },
};
