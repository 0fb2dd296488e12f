import type { FunctionSnapshot } from './types.js';
import type { RuntimeSpec } from './runtimes.js';

/** Where the function's directories appear to the process (sandbox paths or real host paths). */
export interface EnvironmentPaths {
  task: string;
  runtime: string;
  opt: string;
  lang: string;
}

export const SANDBOX_PATHS: EnvironmentPaths = {
  task: '/var/task',
  runtime: '/var/runtime',
  opt: '/opt',
  lang: '/var/lang',
};

/** Variables Lambda owns: the function's configuration cannot replace them. */
const RESERVED = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

const SESSION_TOKEN_PLACEHOLDER = 'IQoJb3JpZ2luX2VjEExhbWJraW4tZnVuY3Rpb24tc2Vzc2lvbg==';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The process environment of every environment of one function version, built from scratch: nothing
 * of the server's own environment is inherited. Only the Runtime API address and log stream name
 * differ between environments; `withEnvironment` adds them.
 */
export function buildBaseEnvironment(
  fn: FunctionSnapshot,
  spec: RuntimeSpec,
  paths: EnvironmentPaths,
  credentials: Credentials,
  lambkinEndpoint: string,
): Record<string, string> {
  const { task, runtime, opt, lang } = paths;
  const env: Record<string, string> = {
    PATH: `${lang}/bin:/usr/local/bin:/usr/bin/:/bin:${opt}/bin`,
    LD_LIBRARY_PATH: `${lang}/lib:/lib64:/usr/lib64:${runtime}:${runtime}/lib:${task}:${task}/lib:${opt}/lib`,
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    AWS_XRAY_DAEMON_ADDRESS: '169.254.100.1:2000',
    _AWS_XRAY_DAEMON_ADDRESS: '169.254.100.1',
    _AWS_XRAY_DAEMON_PORT: '2000',
    AWS_ENDPOINT_URL_LAMBDA: lambkinEndpoint,
  };
  if (spec.family === 'node') {
    env.NODE_PATH = [
      `${opt}/nodejs/node${spec.languageVersion}/node_modules`,
      `${opt}/nodejs/node_modules`,
      `${runtime}/node_modules`,
      runtime,
      task,
    ].join(':');
  }
  if (spec.family === 'python') {
    env.LC_CTYPE = 'C.UTF-8';
    // Lambda's bootstrap puts the layer paths on sys.path itself; listing them here keeps layers importable
    // whatever runtime client runs, in the same order (task code, then layer site-packages, then /opt/python).
    env.PYTHONPATH = [
      runtime,
      task,
      `${opt}/python/lib/python${spec.languageVersion}/site-packages`,
      `${opt}/python`,
    ].join(':');
  }
  if (spec.family !== 'provided') {
    env.PWD = task;
    env.SHLVL = '0';
  }
  for (const [key, value] of Object.entries(fn.environment)) {
    if (!RESERVED.has(key)) env[key] = value;
  }
  if (fn.logFormat === 'JSON') env.AWS_LAMBDA_LOG_FORMAT = 'JSON';
  Object.assign(env, {
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: fn.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroup,
    AWS_REGION: fn.region,
    AWS_DEFAULT_REGION: fn.region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    LAMBDA_TASK_ROOT: task,
    LAMBDA_RUNTIME_DIR: runtime,
  });
  // Lambda always hands out temporary credentials; code that reads the token must find one. Lambkin's
  // authenticator accepts any token with the keys it mints for functions.
  env.AWS_SESSION_TOKEN = credentials.sessionToken ?? SESSION_TOKEN_PLACEHOLDER;
  if (spec.family !== 'provided') env.AWS_EXECUTION_ENV = `AWS_Lambda_${spec.runtime}`;
  if (fn.handler !== undefined) env._HANDLER = fn.handler;
  return env;
}

/** How an environment came to be: started for an invoke, or ahead of invokes by provisioned concurrency. */
export type InitializationType = 'on-demand' | 'provisioned-concurrency';

/** The per-environment additions: own Runtime API port, own log stream, and how it was started. */
export function withEnvironment(
  base: Record<string, string>,
  runtimeApi: string,
  logStreamName: string,
  initializationType: InitializationType = 'on-demand',
): Record<string, string> {
  return {
    ...base,
    AWS_LAMBDA_INITIALIZATION_TYPE: initializationType,
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
  };
}
