/**
 * The configuration rules shared by CreateFunction and UpdateFunctionConfiguration: runtimes, environment
 * size, defaults and the response form of each setting.
 */
import type {
  CreateFunctionRequest, FunctionConfiguration, UpdateFunctionConfigurationRequest,
} from '../../model/types.generated.js';
import { InvalidParameterValueException } from '../../errors/catalogue.js';
import { SUPPORTED_RUNTIMES_DISPLAY } from '../../model/enum-display.js';
import { runtimeVersionArn } from './records.js';

const DEPRECATED_RUNTIMES = new Set([
  'nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs4.3-edge',
  'java8', 'python2.7', 'python3.6', 'python3.7', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1',
  'go1.x', 'ruby2.5', 'ruby2.7', 'provided',
]);

/** Runtime values outside the supported set get AWS's own wording (not the generic validation text). */
export function checkRuntime(runtime: string | undefined): void {
  if (runtime === undefined) return;
  if (DEPRECATED_RUNTIMES.has(runtime)) {
    throw new InvalidParameterValueException(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`);
  }
  if (!SUPPORTED_RUNTIMES_DISPLAY.includes(runtime) && runtime !== 'ruby4.0' && runtime !== 'provided') {
    throw new InvalidParameterValueException(
      `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${SUPPORTED_RUNTIMES_DISPLAY.join(', ')}] or be a valid ARN`);
  }
}

const ENV_LIMIT_BYTES = 4096;

export function checkEnvironment(variables: Record<string, string> | undefined): void {
  if (!variables) return;
  const measured = JSON.stringify(variables);
  if (Buffer.byteLength(measured) > ENV_LIMIT_BYTES) {
    throw new InvalidParameterValueException(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${measured}`);
  }
  for (const key of Object.keys(variables)) {
    if (RESERVED_ENV_KEYS.has(key)) {
      throw new InvalidParameterValueException(
        `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${key}`);
    }
  }
}

const RESERVED_ENV_KEYS = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

type Settings = Partial<CreateFunctionRequest> & Partial<UpdateFunctionConfigurationRequest>;

/**
 * Applies the settings a request carries to a configuration (a fresh one for create), filling AWS's
 * defaults, and returns the configuration in the form AWS answers with.
 */
export function applySettings(base: FunctionConfiguration, input: Settings, region: string, functionName: string): FunctionConfiguration {
  const config: FunctionConfiguration = { ...base };
  if (input.Runtime !== undefined) config.Runtime = input.Runtime;
  if (input.Role !== undefined) config.Role = input.Role;
  if (input.Handler !== undefined) config.Handler = input.Handler;
  if (input.Description !== undefined) config.Description = input.Description;
  if (input.Timeout !== undefined) config.Timeout = input.Timeout;
  if (input.MemorySize !== undefined) config.MemorySize = input.MemorySize;
  if (input.Environment !== undefined) config.Environment = { Variables: { ...(input.Environment.Variables ?? {}) } };
  if (input.TracingConfig !== undefined) config.TracingConfig = { Mode: input.TracingConfig.Mode ?? 'PassThrough' };
  if (input.DeadLetterConfig !== undefined) {
    if (input.DeadLetterConfig.TargetArn) config.DeadLetterConfig = { TargetArn: input.DeadLetterConfig.TargetArn };
    else delete config.DeadLetterConfig;
  }
  if (input.KMSKeyArn !== undefined) {
    if (input.KMSKeyArn) config.KMSKeyArn = input.KMSKeyArn;
    else delete config.KMSKeyArn;
  }
  if (input.VpcConfig !== undefined) {
    config.VpcConfig = {
      SubnetIds: input.VpcConfig.SubnetIds ?? [], SecurityGroupIds: input.VpcConfig.SecurityGroupIds ?? [],
      VpcId: '', Ipv6AllowedForDualStack: input.VpcConfig.Ipv6AllowedForDualStack ?? false,
    };
  }
  if (input.EphemeralStorage !== undefined) config.EphemeralStorage = { Size: input.EphemeralStorage.Size };
  if (input.SnapStart !== undefined) config.SnapStart = { ApplyOn: input.SnapStart.ApplyOn ?? 'None', OptimizationStatus: 'Off' };
  if (input.FileSystemConfigs !== undefined) {
    if (input.FileSystemConfigs.length) config.FileSystemConfigs = input.FileSystemConfigs;
    else delete config.FileSystemConfigs;
  }
  if (input.ImageConfig !== undefined) config.ImageConfigResponse = { ImageConfig: input.ImageConfig };
  if (input.LoggingConfig !== undefined) {
    const format = input.LoggingConfig.LogFormat ?? config.LoggingConfig?.LogFormat ?? 'Text';
    config.LoggingConfig = {
      LogFormat: format,
      ...(format === 'JSON' ? {
        ApplicationLogLevel: input.LoggingConfig.ApplicationLogLevel ?? 'INFO',
        SystemLogLevel: input.LoggingConfig.SystemLogLevel ?? 'INFO',
      } : {}),
      LogGroup: input.LoggingConfig.LogGroup ?? config.LoggingConfig?.LogGroup ?? `/aws/lambda/${functionName}`,
    };
  }
  if (input.TenancyConfig !== undefined) config.TenancyConfig = input.TenancyConfig;
  if (input.CapacityProviderConfig !== undefined) config.CapacityProviderConfig = input.CapacityProviderConfig;
  if (config.Runtime) config.RuntimeVersionConfig = { RuntimeVersionArn: runtimeVersionArn(region, config.Runtime) };
  else delete config.RuntimeVersionConfig;
  return config;
}

/** The defaults every new function starts from (AWS shows Environment only once one was given). */
export function defaultConfiguration(functionName: string): FunctionConfiguration {
  return {
    Description: '',
    Timeout: 3,
    MemorySize: 128,
    TracingConfig: { Mode: 'PassThrough' },
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${functionName}` },
  };
}

/** Orders members as AWS's JSON does (alphabetically), so answers compare byte for byte. */
export function ordered<T extends object>(config: T): T {
  return Object.fromEntries(Object.entries(config).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T;
}
