/** AWS's answers to bad function names, qualifiers and settings (recorded in test_lambda_api.snapshot.json). */
import { describe, it } from 'node:test';
import {
  CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, GetFunctionConfigurationCommand,
  UpdateFunctionConfigurationCommand, type CreateFunctionCommandInput,
} from '@aws-sdk/client-lambda';
import { startLambkin } from '../../support/server.js';
import {
  FUNCTION_NAME_PATTERN, NAMESPACED_NAME_PATTERN, QUALIFIER_PATTERN, ROLE, arnOf, createEcho, echoZip, invalidParameter,
  notFound, rejectsWith, validation,
} from './fixtures.js';

const server = await startLambkin();
const client = server.client();
const zip = await echoZip();
await createEcho(client, 'exists');

const create = (input: Partial<CreateFunctionCommandInput>) => client.send(new CreateFunctionCommand({
  FunctionName: 'fresh', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zip }, ...input,
}));
const get = (FunctionName: string, Qualifier?: string) => client.send(new GetFunctionCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}) }));
const nameError = (value: string, pattern = NAMESPACED_NAME_PATTERN) =>
  `Value '${value}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`;
const A = (n: number) => 'a'.repeat(n);

describe('function names and qualifiers', () => {
  it('refuses names outside the pattern, for reads and for create', async () => {
    const bad = [
      '*', 'my-function!', 'invalid-account:function:my-function', `arn:aws:lambda:invalid-region:000000000000:function:my-function`,
      'arn:aws:ec2:us-east-1:000000000000:instance:i-1234567890abcdef0', `${arnOf('my-function')}:1:2`,
      'function:my-function:$LATEST:extra', 'arn:aws:lambda::000000000000:function:my-function',
      'arn:aws:lambda:us-east-1::function:my-function', `${arnOf('my-function')}:$LATES`,
    ];
    for (const name of bad) {
      await rejectsWith(get(name), validation(nameError(name)));
      await rejectsWith(client.send(new DeleteFunctionCommand({ FunctionName: name })), validation(nameError(name)));
      await rejectsWith(create({ FunctionName: name }), validation(nameError(name, FUNCTION_NAME_PATTERN)));
    }
    // create allows no dot in names and no lowercase $latest
    const lower = `${arnOf('my-function')}:$latest`;
    await rejectsWith(create({ FunctionName: lower }), validation(nameError(lower, FUNCTION_NAME_PATTERN)));
    await rejectsWith(get('my-function', '$latest'), notFound('my-function', '$latest'));
  });

  it('checks qualifiers: pattern, length, and agreement with the name', async () => {
    await rejectsWith(get('my-function', 'invalid!'), validation(
      `Value 'invalid!' at 'qualifier' failed to satisfy constraint: Member must satisfy regular expression pattern: ${QUALIFIER_PATTERN}`));
    await rejectsWith(get('my-function', A(129)), validation(
      `Value '${A(129)}' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128`));
    await rejectsWith(get('my-function', A(65)), notFound('my-function', A(65)));
    await rejectsWith(create({ FunctionName: `my-function:${A(129)}` }), validation(
      `Value 'my-function:${A(129)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140`));
    for (const send of [get, (n: string, q: string) => client.send(new GetFunctionConfigurationCommand({ FunctionName: n, Qualifier: q })),
      (n: string, q: string) => client.send(new DeleteFunctionCommand({ FunctionName: n, Qualifier: q }))]) {
      await rejectsWith(send(arnOf('some-function', undefined, '1'), '$LATEST'),
        invalidParameter('The derived qualifier from the function name does not match the specified qualifier.'));
    }
    await rejectsWith(get(arnOf('some-function', undefined, '$LATEST'), '$LATEST'), notFound('some-function', '$LATEST'));
    await rejectsWith(client.send(new DeleteFunctionCommand({ FunctionName: arnOf('some-function', undefined, '$LATEST'), Qualifier: '$LATEST' })),
      invalidParameter('$LATEST version cannot be deleted without deleting the function.'));
  });

  it('reports both problems of a long ARN with a bad region, qualifier first', async () => {
    const name = `arn:aws:lambda:invalid-region:000000000000:function:my-function-${A(120)}`;
    await rejectsWith(get(name, A(129)), validation(
      `Value '${A(129)}' at 'qualifier' failed to satisfy constraint: Member must have length less than or equal to 128`, nameError(name)));
    await rejectsWith(create({ FunctionName: name }), validation(
      `Value '${name}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140`,
      nameError(name, FUNCTION_NAME_PATTERN)));
  });

  it('answers long plain names with 404 for reads and AWS\'s length text for create', async () => {
    await rejectsWith(get(A(65)), notFound(A(65)));
    await rejectsWith(create({ FunctionName: A(65) }), invalidParameter(
      `1 validation error detected: Value '${A(65)}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 64`));
    // An ARN with no `function:` names the function `function`.
    await rejectsWith(get('arn:aws:lambda:us-east-1:000000000000:function'), notFound('function'));
  });

  it('finds a function by name, partial ARN and full ARN; refuses another region', async () => {
    for (const id of ['exists', 'function:exists', '000000000000:function:exists', 'us-east-1:000000000000:function:exists', arnOf('exists')]) {
      const got = await get(id);
      if (got.Configuration!.FunctionName !== 'exists') throw new Error(`${id} did not resolve`);
    }
    await rejectsWith(get('arn:aws:lambda:eu-central-1:000000000000:function:exists'), {
      name: 'ResourceNotFoundException', status: 404, type: 'User', message: "Functions from 'eu-central-1' are not reachable in this region ('us-east-1')",
    });
    await rejectsWith(create({ FunctionName: 'arn:aws:lambda:ap-southeast-1:000000000000:function:elsewhere' }), {
      name: 'ResourceNotFoundException', status: 404, type: 'User', message: "Functions from 'ap-southeast-1' are not reachable in this region ('us-east-1')",
    });
  });

  it('creates through a full or partial ARN', async () => {
    const full = await create({ FunctionName: arnOf('by-full-arn') });
    const partial = await create({ FunctionName: '000000000000:function:by-partial-arn' });
    if (full.FunctionName !== 'by-full-arn' || partial.FunctionArn !== arnOf('by-partial-arn')) throw new Error('ARN forms not resolved');
  });
});

describe('create and update rules', () => {
  const RUNTIMES = 'nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2';

  it('answers the recorded create exceptions', async () => {
    await rejectsWith(create({ FunctionName: 'exists' }), { name: 'ResourceConflictException', status: 409, type: 'User', message: 'Function already exist: exists' });
    await rejectsWith(create({ Role: 'r1' }), validation(
      "Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"));
    for (const runtime of ['non-existent-runtime', 'PYTHON3.9']) {
      await rejectsWith(create({ Runtime: runtime as 'nodejs20.x' }), invalidParameter(
        `Value ${runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${RUNTIMES}] or be a valid ARN`));
    }
    await rejectsWith(create({ Architectures: ['x86_64', 'arm64'] }), validation(
      "Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: Member must have length less than or equal to 1"));
    await rejectsWith(create({ Architectures: ['X86_64' as 'x86_64'] }), validation(
      "Value '[X86_64]' at 'architectures' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]"));
    await rejectsWith(create({ Code: { ZipFile: Buffer.from('this is not a zipfile, just a random string') } }),
      invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.'));
    await rejectsWith(create({ MemorySize: 127 }), validation(
      "Value '127' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128"));
    await rejectsWith(create({ Runtime: 'python3.6' as 'nodejs20.x' }), invalidParameter(
      'The runtime parameter of python3.6 is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.'));
  });

  it('refuses another account\'s ARN with AccessDeniedException', async () => {
    await rejectsWith(create({ FunctionName: arnOf('theirs', '123456789012') }), {
      name: 'AccessDeniedException', status: 403,
      message: `User: arn:aws:iam::000000000000:root is not authorized to perform: lambda:CreateFunction on resource: ${arnOf('theirs', '123456789012')} because no resource-based policy allows the lambda:CreateFunction action`,
    });
  });

  it('asks for a code source when none is given', async () => {
    await rejectsWith(create({ Code: {} }), invalidParameter('Please provide a source for function code.'));
  });

  it('answers the recorded update exceptions', async () => {
    const update = (input: Record<string, unknown>) => client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'exists', ...input }));
    await rejectsWith(update({ Role: 'r1' }), validation(
      "Value 'r1' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+"));
    await rejectsWith(update({ Runtime: 'non-existent-runtime' }), invalidParameter(
      `Value non-existent-runtime at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [${RUNTIMES}] or be a valid ARN`));
    await rejectsWith(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'missing' })), notFound('missing'));
    await rejectsWith(client.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'exists:1', Description: 'x' })), invalidParameter(
      'This operation is permitted on Lambda functions only. Aliases and versions do not support this operation. Please specify either a function name or an unqualified function ARN.'));
  });
});
