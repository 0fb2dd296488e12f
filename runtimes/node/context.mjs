// The `context` object of an invocation: invoke data from the Runtime API headers, function data from
// the environment, and the callback/succeed/fail/done completion functions.
const HEADER = {
  clientContext: 'lambda-runtime-client-context',
  cognitoIdentity: 'lambda-runtime-cognito-identity',
  functionArn: 'lambda-runtime-invoked-function-arn',
  requestId: 'lambda-runtime-aws-request-id',
  deadlineMs: 'lambda-runtime-deadline-ms',
  traceId: 'lambda-runtime-trace-id',
  tenantId: 'lambda-runtime-aws-tenant-id',
};

function parseJsonHeader(value, name) {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new Error(`Cannot parse ${name} as json: ${error.toString()}`);
  }
}

/** Adds the invocation's data to `target` (the completion part of the context) and returns it. */
export function attachInvokeData(target, headers) {
  const traceId = headers[HEADER.traceId];
  if (traceId) process.env._X_AMZN_TRACE_ID = traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  const deadline = headers[HEADER.deadlineMs];
  return Object.assign(
    target,
    {
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    },
    {
      clientContext: parseJsonHeader(headers[HEADER.clientContext], 'ClientContext'),
      identity: parseJsonHeader(headers[HEADER.cognitoIdentity], 'CognitoIdentity'),
      invokedFunctionArn: headers[HEADER.functionArn],
      awsRequestId: headers[HEADER.requestId],
      tenantId: headers[HEADER.tenantId],
      getRemainingTimeInMillis() {
        return deadline - Date.now();
      },
    },
  );
}

export const requestIdOf = (headers) => headers[HEADER.requestId];
